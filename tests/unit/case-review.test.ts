import { describe, expect, it } from 'vitest';
import {
  CASE_ACTIONS,
  actionForStatus,
  caseTransition,
  formatCaseNumber,
  parseCaseNumber,
  reviewTriggers,
  type CaseAction,
} from '../../server/domain/case-review';
import { CaseStatus, ReviewTrigger, Role, Tier } from '../../server/domain/enums';
import { InvalidInput, NotAllowed } from '../../server/domain/errors';

const { OPEN, IN_REVIEW, RETURNED, DECIDED, CLOSED } = CaseStatus;
const STATUSES = [OPEN, IN_REVIEW, RETURNED, DECIDED, CLOSED];

/**
 * 法制审核 (行政处罚法 Art. 58), written out as the legal office would: from each state, what
 * each step leads to. RECORD* depends on the decision: OPEN without a decision date, IN_REVIEW
 * with a review trigger, otherwise DECIDED (a closed case stays CLOSED). "—": refused.
 */
const TABLE: Record<CaseAction, Record<CaseStatus, CaseStatus | 'RECORD*' | '—'>> = {
  RECORD: { OPEN: 'RECORD*', IN_REVIEW: '—', RETURNED: RETURNED, DECIDED: 'RECORD*', CLOSED: 'RECORD*' },
  SUBMIT: { OPEN: IN_REVIEW, IN_REVIEW: '—', RETURNED: IN_REVIEW, DECIDED: '—', CLOSED: '—' },
  APPROVE: { OPEN: '—', IN_REVIEW: DECIDED, RETURNED: '—', DECIDED: '—', CLOSED: '—' },
  RETURN: { OPEN: '—', IN_REVIEW: RETURNED, RETURNED: '—', DECIDED: '—', CLOSED: '—' },
  CLOSE: { OPEN: '—', IN_REVIEW: '—', RETURNED: '—', DECIDED: CLOSED, CLOSED: '—' },
  REOPEN: { OPEN: '—', IN_REVIEW: '—', RETURNED: '—', DECIDED: '—', CLOSED: DECIDED },
};

/** Who may take each step (an administrator may take all of them). */
const ROLES: Record<CaseAction, Role[]> = {
  RECORD: [Role.OFFICER, Role.ADMIN],
  SUBMIT: [Role.OFFICER, Role.ADMIN],
  APPROVE: [Role.REVIEWER, Role.ADMIN],
  RETURN: [Role.REVIEWER, Role.ADMIN],
  CLOSE: [Role.OFFICER, Role.ADMIN],
  REOPEN: [Role.ADMIN],
};

const officer = { id: 10, role: Role.OFFICER };
const admin = { id: 1, role: Role.ADMIN };
const state = (status: CaseStatus, triggers: ReviewTrigger[] = [], decided = true) => ({
  status,
  officerId: officer.id,
  decided,
  triggers,
});

describe('case workflow: every cell of the table', () => {
  const cells = CASE_ACTIONS.flatMap((a) => STATUSES.map((s) => [a, s, TABLE[a][s]] as const));
  it('covers every action and state', () => {
    expect(cells).toHaveLength(30);
  });

  it.each(cells)('%s from %s → %s', (action, from, expected) => {
    const run = (triggers: ReviewTrigger[] = [], decided = true) =>
      caseTransition(action, state(from, triggers, decided), admin, 'a note');
    if (expected === '—') {
      expect(() => run()).toThrow(InvalidInput);
      try {
        run();
      } catch (e) {
        expect((e as InvalidInput).field).toBe('status');
      }
      return;
    }
    if (expected === 'RECORD*') {
      expect(run([], false)).toBe(OPEN);
      expect(run([ReviewTrigger.MITIGATED_CHOSEN])).toBe(IN_REVIEW);
      expect(run([])).toBe(from === CLOSED ? CLOSED : DECIDED);
      return;
    }
    expect(run()).toBe(expected);
  });
});

describe('case workflow: who may take each step', () => {
  const cells = CASE_ACTIONS.flatMap((a) =>
    [Role.ADMIN, Role.MANAGER, Role.OFFICER, Role.LAWYER, Role.REVIEWER].map((r) => [a, r] as const),
  );
  it.each(cells)('%s by %s', (action, role) => {
    const from = (Object.keys(TABLE[action]) as CaseStatus[]).find((s) => TABLE[action][s] !== '—')!;
    const attempt = () => caseTransition(action, state(from), { id: 99, role }, 'a note');
    if (ROLES[action].includes(role)) expect(() => attempt()).not.toThrow();
    else expect(() => attempt()).toThrow(NotAllowed);
  });

  it('never lets the officer of a case review it, even as an administrator', () => {
    const own = { ...state(IN_REVIEW, [ReviewTrigger.DISCRETION_DECLINED]), officerId: admin.id };
    expect(() => caseTransition('APPROVE', own, admin)).toThrow(NotAllowed);
    expect(() => caseTransition('RETURN', own, admin, 'x')).toThrow(NotAllowed);
  });

  it('asks for the reason of a return, and a decision before submitting or closing', () => {
    const reviewer = { id: 20, role: Role.REVIEWER };
    expect(() => caseTransition('RETURN', state(IN_REVIEW), reviewer, '  ')).toThrow(/退回须写明理由/);
    expect(() => caseTransition('SUBMIT', state(OPEN, [], false), officer)).toThrow(/decision date/);
    expect(() => caseTransition('CLOSE', state(DECIDED, [], false), officer)).toThrow(InvalidInput);
  });
});

describe('review triggers (Art. 58 as Lawcheck applies it)', () => {
  const base = {
    grounds: ['BASELINE'],
    outcome: Tier.STANDARD,
    officerChoice: null,
    fineOutsideRange: false,
    referenceOverridden: false,
  };
  it.each([
    ['nothing to review', base, []],
    ['a fine outside the range', { ...base, fineOutsideRange: true }, ['FINE_OUTSIDE_RANGE']],
    ['another reference fine', { ...base, referenceOverridden: true }, ['REFERENCE_OVERRIDE']],
    [
      'a 可以 no-penalty not applied',
      { ...base, grounds: ['DISCRETION_DECLINED', 'BASELINE'] },
      ['DISCRETION_DECLINED'],
    ],
    [
      '减轻 chosen under Art. 32',
      { ...base, grounds: ['ART32'], outcome: Tier.MITIGATED, officerChoice: Tier.MITIGATED },
      ['MITIGATED_CHOSEN'],
    ],
    [
      '从轻 under Art. 32',
      { ...base, grounds: ['ART32'], outcome: Tier.LIGHTER, officerChoice: Tier.LIGHTER },
      [],
    ],
    [
      '减轻 by a list item (no choice of the officer)',
      { ...base, grounds: ['ART32', 'LIST_ITEM'], outcome: Tier.MITIGATED },
      [],
    ],
    [
      'all at once',
      {
        grounds: ['DISCRETION_DECLINED', 'ART32'],
        outcome: Tier.MITIGATED,
        officerChoice: Tier.MITIGATED,
        fineOutsideRange: true,
        referenceOverridden: true,
      },
      ['FINE_OUTSIDE_RANGE', 'REFERENCE_OVERRIDE', 'DISCRETION_DECLINED', 'MITIGATED_CHOSEN'],
    ],
  ] as const)('%s', (_name, facts, expected) => {
    expect(reviewTriggers(facts)).toEqual(expected);
  });
});

describe('a status asked for directly', () => {
  it('maps to the step it means, and refuses the review states', () => {
    expect(actionForStatus(DECIDED, CLOSED)).toBe('CLOSE');
    expect(actionForStatus(CLOSED, DECIDED)).toBe('REOPEN');
    expect(actionForStatus(OPEN, DECIDED)).toBe('RECORD');
    expect(actionForStatus(RETURNED, IN_REVIEW)).toBe('SUBMIT');
    expect(actionForStatus(DECIDED, DECIDED)).toBeNull();
    expect(() => actionForStatus(IN_REVIEW, RETURNED)).toThrow(/returnCase/);
    expect(() => actionForStatus(DECIDED, OPEN)).toThrow(InvalidInput);
  });
});

describe('case numbers', () => {
  it('are written and read back as 包市监罚〔2026〕123号', () => {
    expect(formatCaseNumber('包市监罚', 2026, 123)).toBe('包市监罚〔2026〕123号');
    expect(parseCaseNumber('包市监罚', '包市监罚〔2026〕123号')).toEqual({ year: 2026, n: 123 });
    expect(parseCaseNumber('包市监罚', '包市监罚〔2025〕000123号')).toEqual({ year: 2025, n: 123 });
    expect(parseCaseNumber('包环罚', '包市监罚〔2026〕123号')).toBeNull();
    expect(parseCaseNumber('包市监罚', '包市监罚〔2026〕第123号')).toBeNull();
  });
});
