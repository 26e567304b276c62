import { CaseStatus, ReviewTrigger, Role, Tier } from './enums';
import { InvalidInput, NotAllowed } from './errors';
import { zhOf } from './labels';

/*
 * 法制审核 (行政处罚法 Art. 58): before certain decisions are made, the agency's legal reviewers
 * check them. Lawcheck's triggers (DOMAIN.md, "After the decision"): a fine outside the range
 * of the outcome, a 可以 leniency the officer did not apply, a 减轻 chosen by the officer under
 * Art. 32, and any override of what the rules computed. A case with a trigger is IN_REVIEW
 * until a reviewer approves it (DECIDED) or returns it with a reason (RETURNED); the officer
 * revises a returned case and submits it again.
 *
 * Reviewers: users with the REVIEWER role (法制审核人员, of the case's department), and
 * administrators. Nobody reviews a case they are the officer of.
 */

export const TRIGGER_ZH = zhOf('ReviewTrigger');

export interface ReviewFacts {
  /** Grounds of the decision as made (Decision.grounds). */
  grounds: readonly string[];
  outcome: Tier | null;
  officerChoice: Tier | null;
  /** Whether the fine lies outside the outcome's range. */
  fineOutsideRange: boolean;
  /** Whether a reference fine other than the rules' was recorded. */
  referenceOverridden: boolean;
}

/** What sends a decided case to 法制审核; none: it may be decided at once. */
export function reviewTriggers(f: ReviewFacts): ReviewTrigger[] {
  const triggers: ReviewTrigger[] = [];
  if (f.fineOutsideRange) triggers.push(ReviewTrigger.FINE_OUTSIDE_RANGE);
  if (f.referenceOverridden) triggers.push(ReviewTrigger.REFERENCE_OVERRIDE);
  if (f.grounds.includes('DISCRETION_DECLINED')) triggers.push(ReviewTrigger.DISCRETION_DECLINED);
  if (f.grounds.includes('ART32') && f.outcome === Tier.MITIGATED && f.officerChoice === Tier.MITIGATED)
    triggers.push(ReviewTrigger.MITIGATED_CHOSEN);
  return triggers;
}

// ------------------------------------------------------------------ workflow

export const CASE_STATUS_ZH = zhOf('CaseStatus');

/**
 * RECORD is a save that decides or re-decides the case (its facts, fine or choices changed);
 * the others are the explicit steps.
 */
export type CaseAction = 'RECORD' | 'SUBMIT' | 'APPROVE' | 'RETURN' | 'CLOSE' | 'REOPEN';

export const CASE_ACTIONS: readonly CaseAction[] = [
  'RECORD',
  'SUBMIT',
  'APPROVE',
  'RETURN',
  'CLOSE',
  'REOPEN',
];

interface CaseStep {
  /** From each allowed state, the state after the step (RECORD depends on the decision: see caseTransition). */
  from: Partial<Record<CaseStatus, CaseStatus | 'BY_DECISION'>>;
  roles: readonly Role[];
  zh: string;
  en: string;
}

/**
 * The transitions of a case. RECORD from OPEN, DECIDED or CLOSED goes BY_DECISION: OPEN while
 * there is no decision date, IN_REVIEW when a review trigger holds, else DECIDED (a closed case
 * whose correction needs no review stays CLOSED). A returned case stays RETURNED while it is
 * revised, until the officer submits it again; a case under review is not revised.
 */
export const CASE_WORKFLOW: Record<CaseAction, CaseStep> = {
  RECORD: {
    from: {
      [CaseStatus.OPEN]: 'BY_DECISION',
      [CaseStatus.DECIDED]: 'BY_DECISION',
      [CaseStatus.CLOSED]: 'BY_DECISION',
      [CaseStatus.RETURNED]: CaseStatus.RETURNED,
    },
    roles: [Role.OFFICER, Role.ADMIN],
    zh: '登记或修改',
    en: 'record or revise',
  },
  SUBMIT: {
    from: { [CaseStatus.OPEN]: CaseStatus.IN_REVIEW, [CaseStatus.RETURNED]: CaseStatus.IN_REVIEW },
    roles: [Role.OFFICER, Role.ADMIN],
    zh: '提交法制审核',
    en: 'submit for review',
  },
  APPROVE: {
    from: { [CaseStatus.IN_REVIEW]: CaseStatus.DECIDED },
    roles: [Role.REVIEWER, Role.ADMIN],
    zh: '审核通过',
    en: 'approve',
  },
  RETURN: {
    from: { [CaseStatus.IN_REVIEW]: CaseStatus.RETURNED },
    roles: [Role.REVIEWER, Role.ADMIN],
    zh: '审核退回',
    en: 'return',
  },
  CLOSE: {
    from: { [CaseStatus.DECIDED]: CaseStatus.CLOSED },
    roles: [Role.OFFICER, Role.ADMIN],
    zh: '结案',
    en: 'close',
  },
  REOPEN: {
    from: { [CaseStatus.CLOSED]: CaseStatus.DECIDED },
    roles: [Role.ADMIN],
    zh: '重新打开',
    en: 'reopen',
  },
};

export interface CaseState {
  status: CaseStatus;
  officerId: number | null;
  /** Whether the case has a decision date (is decided, or being decided). */
  decided: boolean;
  triggers: readonly ReviewTrigger[];
}

export interface CaseActor {
  id: number;
  role: Role;
}

const ROLE_ZH: Partial<Record<Role, string>> = {
  [Role.OFFICER]: '执法人员',
  [Role.REVIEWER]: '法制审核人员',
  [Role.ADMIN]: '系统管理员',
};

/** The status after `action`, or why it is not allowed (who may, from which state, what is missing). */
export function caseTransition(
  action: CaseAction,
  state: CaseState,
  actor: CaseActor,
  note?: string | null,
): CaseStatus {
  const step = CASE_WORKFLOW[action];
  if (!step.roles.includes(actor.role))
    throw new NotAllowed(
      `只有${step.roles.map((r) => ROLE_ZH[r] ?? r).join('或')}可以${step.zh}案件`,
      `only ${step.roles.join(' or ')} may ${step.en} a case`,
    );
  const to = step.from[state.status];
  if (!to) {
    const from = Object.keys(step.from) as CaseStatus[];
    throw new InvalidInput(
      'status',
      `案件当前为“${CASE_STATUS_ZH[state.status]}”，不能${step.zh}（须为${from.map((s) => `“${CASE_STATUS_ZH[s]}”`).join('或')}）`,
      `a ${state.status} case cannot be ${action.toLowerCase()}ed here (it must be ${from.join(' or ')})`,
    );
  }
  if (
    (action === 'APPROVE' || action === 'RETURN') &&
    state.officerId !== null &&
    state.officerId === actor.id
  )
    throw new NotAllowed('承办人不能审核本人承办的案件', 'the officer of a case may not review it');
  if (action === 'RETURN' && !note?.trim())
    throw new InvalidInput('note', '退回须写明理由', 'say why the case is returned');
  if ((action === 'SUBMIT' || action === 'CLOSE') && !state.decided)
    throw new InvalidInput(
      'decisionDate',
      `${step.zh}前须先作出决定（填写决定日期）`,
      `give the case a decision date before you ${step.en} it`,
    );
  if (to !== 'BY_DECISION') return to;
  if (!state.decided) return CaseStatus.OPEN;
  if (state.triggers.length) return CaseStatus.IN_REVIEW;
  return state.status === CaseStatus.CLOSED ? CaseStatus.CLOSED : CaseStatus.DECIDED;
}

/** Case statuses that a direct `status` write may ask for, mapped to the step it means. */
export function actionForStatus(current: CaseStatus, requested: CaseStatus): CaseAction | null {
  if (requested === current) return null;
  switch (requested) {
    case CaseStatus.CLOSED:
      return 'CLOSE';
    case CaseStatus.DECIDED:
      return current === CaseStatus.CLOSED ? 'REOPEN' : 'RECORD';
    case CaseStatus.IN_REVIEW:
      return 'SUBMIT';
    case CaseStatus.OPEN:
    case CaseStatus.RETURNED:
      throw new InvalidInput(
        'status',
        `不能直接将案件改为“${CASE_STATUS_ZH[requested]}”${requested === CaseStatus.RETURNED ? '（请使用审核退回）' : ''}`,
        `a case cannot be set to ${requested} directly${requested === CaseStatus.RETURNED ? ' (use returnCase)' : ''}`,
      );
  }
}

// ------------------------------------------------------------------ case numbers

/** 包市监罚〔2026〕123号: the department's 文号 prefix, the year, the number in that series. */
export function formatCaseNumber(prefix: string, year: number, n: number): string {
  return `${prefix}〔${year}〕${n}号`;
}

/** The year and number of a case number in `prefix`'s series, or null when it is not one. */
export function parseCaseNumber(prefix: string, caseNumber: string): { year: number; n: number } | null {
  if (!caseNumber.startsWith(prefix)) return null;
  const m = /^〔(\d{4})〕0*(\d{1,9})号$/.exec(caseNumber.slice(prefix.length));
  return m ? { year: Number(m[1]), n: Number(m[2]) } : null;
}
