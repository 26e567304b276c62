import { ReportStatus, RiskLevel, Role } from './enums';
import { InvalidInput, NotAllowed } from './errors';
import { zhOf } from './labels';

/**
 * The risk index of a health-check report 法治体检报告, derived from its findings, never typed:
 * - each finding scores by its level: 重大 MAJOR 85, 较大 SIGNIFICANT 60, 一般 GENERAL 35, 较低 LOW 10;
 *   a rectified finding counts a quarter of that;
 * - the report's index is its highest finding score plus a tenth of every other finding's
 *   score (many findings raise the risk, but never past 100), rounded;
 * - the overall level follows the usual bands: 75–100 重大, 50–74 较大, 25–49 一般, 0–24 较低.
 */
export const FINDING_SCORE: Record<RiskLevel, number> = {
  [RiskLevel.MAJOR]: 85,
  [RiskLevel.SIGNIFICANT]: 60,
  [RiskLevel.GENERAL]: 35,
  [RiskLevel.LOW]: 10,
};

export interface ScoredFinding {
  riskLevel: RiskLevel;
  rectified: boolean;
}

export function riskIndexOf(findings: readonly ScoredFinding[]): number {
  const scores = findings
    .map((f) => FINDING_SCORE[f.riskLevel] * (f.rectified ? 0.25 : 1))
    .sort((a, b) => b - a);
  if (scores.length === 0) return 0;
  const [top, ...rest] = scores;
  return Math.min(100, Math.round(top + rest.reduce((sum, s) => sum + s / 10, 0)));
}

export function riskLevelOf(index: number): RiskLevel {
  if (index >= 75) return RiskLevel.MAJOR;
  if (index >= 50) return RiskLevel.SIGNIFICANT;
  if (index >= 25) return RiskLevel.GENERAL;
  return RiskLevel.LOW;
}

// ------------------------------------------------------------------ workflow

/*
 * The review workflow of a report: a lawyer drafts and submits it; a manager accepts it or
 * returns it with comments; a returned report is the lawyer's to revise (their first edit puts
 * it back into DRAFT) and submit again; an accepted report is delivered to the enterprise.
 */
export type ReportAction = 'SUBMIT' | 'RETURN' | 'ACCEPT' | 'DELIVER';

interface Step {
  from: readonly ReportStatus[];
  to: ReportStatus;
  roles: readonly Role[];
  /** Only the report's own lawyer (administrators excepted). */
  ownLawyer?: boolean;
  zh: string;
}

export const WORKFLOW: Record<ReportAction, Step> = {
  SUBMIT: {
    from: [ReportStatus.DRAFT, ReportStatus.RETURNED],
    to: ReportStatus.SUBMITTED,
    roles: [Role.LAWYER, Role.ADMIN],
    ownLawyer: true,
    zh: '提交',
  },
  RETURN: {
    from: [ReportStatus.SUBMITTED],
    to: ReportStatus.RETURNED,
    roles: [Role.MANAGER, Role.ADMIN],
    zh: '退回',
  },
  ACCEPT: {
    from: [ReportStatus.SUBMITTED],
    to: ReportStatus.ACCEPTED,
    roles: [Role.MANAGER, Role.ADMIN],
    zh: '通过',
  },
  DELIVER: {
    from: [ReportStatus.ACCEPTED],
    to: ReportStatus.DELIVERED,
    roles: [Role.MANAGER, Role.ADMIN],
    zh: '送达',
  },
};

export const STATUS_ZH = zhOf('ReportStatus');

export interface ReportState {
  status: ReportStatus;
  lawyerId: number;
  findings: number;
  summary: string | null | undefined;
}

export interface Actor {
  id: number;
  role: Role;
}

/** The status after `action`, or the reason it is not allowed (who may, from which state, what is missing). */
export function transition(
  action: ReportAction,
  report: ReportState,
  actor: Actor,
  comment?: string | null,
): ReportStatus {
  const step = WORKFLOW[action];
  if (
    !step.roles.includes(actor.role) ||
    (step.ownLawyer && actor.role === Role.LAWYER && report.lawyerId !== actor.id)
  )
    throw new NotAllowed(
      `只有${step.ownLawyer ? '报告的承办律师' : '管理人员'}可以${step.zh}报告`,
      `only ${step.ownLawyer ? "the report's own lawyer" : 'a manager'} may ${action.toLowerCase()} a report`,
    );
  if (!step.from.includes(report.status))
    throw new InvalidInput(
      'status',
      `报告当前为“${STATUS_ZH[report.status]}”，不能${step.zh}（须为${step.from.map((s) => `“${STATUS_ZH[s]}”`).join('或')}）`,
      `a ${report.status} report cannot be ${action === 'SUBMIT' ? 'submitted' : `${action.toLowerCase()}ed`} (it must be ${step.from.join(' or ')})`,
    );
  if (action === 'SUBMIT') {
    if (report.findings === 0)
      throw new InvalidInput(
        'findings',
        '提交前须至少填写一项体检发现',
        'add at least one finding before submitting',
      );
    if (!report.summary?.trim())
      throw new InvalidInput('summary', '提交前须填写体检结论摘要', 'write a summary before submitting');
  }
  if (action === 'RETURN' && !comment?.trim())
    throw new InvalidInput('comment', '退回须写明修改意见', 'say what to change when returning a report');
  return step.to;
}

/** Whether `actor` may change the report's content (not its workflow) in its current state. */
export function contentEditable(report: Pick<ReportState, 'status' | 'lawyerId'>, actor: Actor): boolean {
  if (actor.role === Role.ADMIN) return true;
  return (
    actor.role === Role.LAWYER &&
    report.lawyerId === actor.id &&
    [ReportStatus.DRAFT, ReportStatus.RETURNED].includes(report.status)
  );
}

/** Follow-up 整改: once a report is accepted, its lawyer and managers record rectification. */
export function rectificationEditable(
  report: Pick<ReportState, 'status' | 'lawyerId'>,
  actor: Actor,
): boolean {
  if (actor.role === Role.ADMIN || actor.role === Role.MANAGER)
    return [ReportStatus.ACCEPTED, ReportStatus.DELIVERED].includes(report.status);
  return (
    actor.role === Role.LAWYER &&
    report.lawyerId === actor.id &&
    [ReportStatus.ACCEPTED, ReportStatus.DELIVERED].includes(report.status)
  );
}

export const statusZh = (status: ReportStatus): string => STATUS_ZH[status];

// ------------------------------------------------------------------ numbering

/**
 * A report's number 报告编号, as the lawyer, the manager and the enterprise quote it: the year of
 * the check and the report's serial, e.g. TJ-2026-00042 (TJ: 体检). Derived, never stored, so it
 * cannot drift from the record it names; the serial is the report's id, unique and never reused.
 */
export function reportNumber(report: { id: number | string; checkDate: string }): string {
  return `TJ-${report.checkDate.slice(0, 4)}-${String(report.id).padStart(5, '0')}`;
}
