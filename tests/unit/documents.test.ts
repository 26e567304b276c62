import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEMPLATES,
  PLACEHOLDERS,
  REQUIRED,
  type DocumentValues,
  assertTemplate,
  documentsOf,
  fillTemplate,
  followUpSchedule,
  isOverdue,
} from '../../server/domain/documents';
import { CaseStatus, DocumentKind, LeniencyKind, Tier } from '../../server/domain/enums';
import { InvalidInput } from '../../server/domain/errors';

describe('case documents, as the law asks them (server/domain/documents.ts)', () => {
  it('the built-in templates carry every element their kind requires', () => {
    for (const kind of Object.values(DocumentKind))
      expect(() => assertTemplate(kind, DEFAULT_TEMPLATES[kind].body)).not.toThrow();
  });

  it.each(REQUIRED.PENALTY_DECISION.map((p) => [p]))(
    'a 行政处罚决定书 without {{%s}} is refused, naming the field',
    (p) => {
      const body = DEFAULT_TEMPLATES.PENALTY_DECISION.body.replaceAll(`{{${p}}}`, '');
      expect(() => assertTemplate(DocumentKind.PENALTY_DECISION, body)).toThrow(InvalidInput);
      try {
        assertTemplate(DocumentKind.PENALTY_DECISION, body);
      } catch (e) {
        expect((e as InvalidInput).field).toBe('body');
        expect((e as InvalidInput).en).toContain(`{{${p}}}`);
      }
    },
  );

  it('fills placeholders with their text, a paragraph a line (the printer escapes it)', () => {
    const values = Object.fromEntries(Object.keys(PLACEHOLDERS).map((k) => [k, `<${k}>`])) as DocumentValues;
    expect(
      fillTemplate('当事人：{{ partyName }}\r\n{{agency}}（印章）', { ...values, partyName: '甲公司' }),
    ).toEqual(['当事人：甲公司', '<agency>（印章）']);
  });

  it.each([
    // status, outcome, commitment → documents
    [CaseStatus.OPEN, null, false, []],
    [CaseStatus.DECIDED, Tier.NONE, false, [DocumentKind.NO_PENALTY_DECISION, DocumentKind.CORRECTION_ORDER]],
    [
      CaseStatus.CLOSED,
      Tier.LIGHTER,
      true,
      [DocumentKind.PENALTY_DECISION, DocumentKind.CORRECTION_ORDER, DocumentKind.COMMITMENT_LETTER],
    ],
    [
      CaseStatus.DECIDED,
      Tier.STANDARD,
      false,
      [DocumentKind.PENALTY_DECISION, DocumentKind.CORRECTION_ORDER],
    ],
  ] as const)('a %s case decided %s (commitment %s) prints %j', (status, outcome, commitment, kinds) => {
    expect(documentsOf({ status, outcome, itemRequiresCommitment: commitment })).toEqual(kinds);
  });

  it.each([
    [
      CaseStatus.DECIDED,
      Tier.NONE,
      LeniencyKind.FIRST_OFFENCE_NO_PENALTY,
      '2026-01-31',
      { correctionDeadline: '2026-02-15', dueDate: '2026-03-02' },
    ],
    [
      CaseStatus.DECIDED,
      Tier.MITIGATED,
      LeniencyKind.MITIGATED,
      '2026-12-20',
      { correctionDeadline: '2027-01-04', dueDate: '2027-01-19' },
    ],
    [CaseStatus.DECIDED, Tier.STANDARD, null, '2026-01-31', null],
    [CaseStatus.DECIDED, Tier.NONE, null, '2026-01-31', null], // no penalty outside the lists: not a lenient case
    [CaseStatus.OPEN, Tier.NONE, LeniencyKind.NO_PENALTY, null, null],
  ] as const)(
    'a %s case, %s under a %s item, decided %s: follow-up %j',
    (status, outcome, itemKind, decisionDate, expected) => {
      expect(followUpSchedule({ status, outcome, itemKind, decisionDate })).toEqual(expected);
    },
  );

  it('a visit is overdue once its date has passed without being made', () => {
    expect(isOverdue({ dueDate: '2026-11-29', doneDate: null }, '2026-11-30')).toBe(true);
    expect(isOverdue({ dueDate: '2026-11-30', doneDate: null }, '2026-11-30')).toBe(false);
    expect(isOverdue({ dueDate: '2026-11-01', doneDate: '2026-11-02' }, '2026-11-30')).toBe(false);
  });
});
