import { describe, expect, it } from 'vitest';
import { ReportStatus, Role } from '../../server/domain/enums';
import { InvalidInput, NotAllowed } from '../../server/domain/errors';
import {
  contentEditable,
  rectificationEditable,
  transition,
  type ReportAction,
} from '../../server/domain/report';

/*
 * The review workflow as a table: for every state, action and actor, the status it leads to,
 * or why not ('role': the actor may never do it; 'state': not from this state).
 * The lawyer column is the report's own lawyer; `other` is another lawyer.
 */
type Outcome = ReportStatus | 'role' | 'state';
const { DRAFT, SUBMITTED, RETURNED, ACCEPTED, DELIVERED } = ReportStatus;
const ACTORS = {
  lawyer: { id: 1, role: Role.LAWYER },
  other: { id: 2, role: Role.LAWYER },
  manager: { id: 3, role: Role.MANAGER },
  admin: { id: 4, role: Role.ADMIN },
  officer: { id: 5, role: Role.OFFICER },
};
type ActorName = keyof typeof ACTORS;

const TABLE: Record<ReportStatus, Record<ReportAction, Record<ActorName, Outcome>>> = {
  DRAFT: {
    SUBMIT: { lawyer: SUBMITTED, other: 'role', manager: 'role', admin: SUBMITTED, officer: 'role' },
    RETURN: { lawyer: 'role', other: 'role', manager: 'state', admin: 'state', officer: 'role' },
    ACCEPT: { lawyer: 'role', other: 'role', manager: 'state', admin: 'state', officer: 'role' },
    DELIVER: { lawyer: 'role', other: 'role', manager: 'state', admin: 'state', officer: 'role' },
  },
  SUBMITTED: {
    SUBMIT: { lawyer: 'state', other: 'role', manager: 'role', admin: 'state', officer: 'role' },
    RETURN: { lawyer: 'role', other: 'role', manager: RETURNED, admin: RETURNED, officer: 'role' },
    ACCEPT: { lawyer: 'role', other: 'role', manager: ACCEPTED, admin: ACCEPTED, officer: 'role' },
    DELIVER: { lawyer: 'role', other: 'role', manager: 'state', admin: 'state', officer: 'role' },
  },
  RETURNED: {
    SUBMIT: { lawyer: SUBMITTED, other: 'role', manager: 'role', admin: SUBMITTED, officer: 'role' },
    RETURN: { lawyer: 'role', other: 'role', manager: 'state', admin: 'state', officer: 'role' },
    ACCEPT: { lawyer: 'role', other: 'role', manager: 'state', admin: 'state', officer: 'role' },
    DELIVER: { lawyer: 'role', other: 'role', manager: 'state', admin: 'state', officer: 'role' },
  },
  ACCEPTED: {
    SUBMIT: { lawyer: 'state', other: 'role', manager: 'role', admin: 'state', officer: 'role' },
    RETURN: { lawyer: 'role', other: 'role', manager: 'state', admin: 'state', officer: 'role' },
    ACCEPT: { lawyer: 'role', other: 'role', manager: 'state', admin: 'state', officer: 'role' },
    DELIVER: { lawyer: 'role', other: 'role', manager: DELIVERED, admin: DELIVERED, officer: 'role' },
  },
  DELIVERED: {
    SUBMIT: { lawyer: 'state', other: 'role', manager: 'role', admin: 'state', officer: 'role' },
    RETURN: { lawyer: 'role', other: 'role', manager: 'state', admin: 'state', officer: 'role' },
    ACCEPT: { lawyer: 'role', other: 'role', manager: 'state', admin: 'state', officer: 'role' },
    DELIVER: { lawyer: 'role', other: 'role', manager: 'state', admin: 'state', officer: 'role' },
  },
};

const cells = Object.entries(TABLE).flatMap(([status, byAction]) =>
  Object.entries(byAction).flatMap(([action, byActor]) =>
    Object.entries(byActor).map(
      ([actor, outcome]) =>
        [status as ReportStatus, action as ReportAction, actor as ActorName, outcome] as const,
    ),
  ),
);

describe('report workflow: every state × action × actor', () => {
  it.each(cells)('%s, %s by %s → %s', (status, action, actor, outcome) => {
    const report = { status, lawyerId: 1, findings: 2, summary: '总体规范' };
    const run = () => transition(action, report, ACTORS[actor], '请补充依据');
    if (outcome === 'role') expect(run).toThrow(NotAllowed);
    else if (outcome === 'state') expect(run).toThrow(InvalidInput);
    else expect(run()).toBe(outcome);
  });

  it('needs a finding and a summary to submit, and a comment to return', () => {
    const lawyer = ACTORS.lawyer;
    expect(() =>
      transition('SUBMIT', { status: DRAFT, lawyerId: 1, findings: 0, summary: '有' }, lawyer),
    ).toThrow('至少填写一项');
    expect(() =>
      transition('SUBMIT', { status: DRAFT, lawyerId: 1, findings: 1, summary: '  ' }, lawyer),
    ).toThrow('摘要');
    expect(() =>
      transition(
        'RETURN',
        { status: SUBMITTED, lawyerId: 1, findings: 1, summary: '有' },
        ACTORS.manager,
        '',
      ),
    ).toThrow('修改意见');
  });

  it('lets only the lawyer edit a draft or returned report, and records follow-up after acceptance', () => {
    for (const status of Object.values(ReportStatus)) {
      const r = { status, lawyerId: 1 };
      expect(contentEditable(r, ACTORS.lawyer)).toBe(status === DRAFT || status === RETURNED);
      expect(contentEditable(r, ACTORS.other)).toBe(false);
      expect(contentEditable(r, ACTORS.manager)).toBe(false);
      expect(rectificationEditable(r, ACTORS.manager)).toBe(status === ACCEPTED || status === DELIVERED);
      expect(rectificationEditable(r, ACTORS.lawyer)).toBe(status === ACCEPTED || status === DELIVERED);
      expect(rectificationEditable(r, ACTORS.officer)).toBe(false);
    }
  });
});
