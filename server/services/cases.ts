import type { EntityManager } from '@mikro-orm/core';
import { actionForStatus, caseTransition, reviewTriggers, TRIGGER_ZH } from '../domain/case-review';
import { todayIso } from '../domain/dates';
import { itemLabel } from '../domain/lists';
import { CaseStatus, FineUnit, Role, Tier } from '../domain/enums';
import { InvalidInput } from '../domain/errors';
import {
  buildFacts,
  decide,
  describeRange,
  reliefOf,
  yuan,
  type Decision,
  type Facts,
} from '../domain/leniency';
import { basisOfUnit } from '../domain/offence';
import * as E from '../db/entities';
import { serializeDecision } from '../db/decision-lock';
import { sqlRows } from '../db/sql';
import { fromCents } from '../domain/money';
import { assignCaseNumber, noteGivenCaseNumber } from './case-numbers';
import { assertMayRecordCase } from './case-officer';
import type { AuthUser } from './auth';
import { audit } from './audit';
import { scheduleFollowUp } from './follow-up';
import type { Catalogue, PriorRow } from './catalogue';

/** Input fields whose change means the case must be decided again. */
const FACTS = [
  'enterpriseId',
  'offenceId',
  'offenceDate',
  'offenceEndDate',
  'discoveredDate',
  'decisionDate',
  'harm',
  'corrected',
  'noFaultEvidence',
  'mitigating',
  'aggravating',
  'illegalGain',
  'basisAmount',
  'seriousCircumstances',
  'refusedCorrection',
  'confirmedConditions',
  'officerChoice',
];

/** What deciding a case found, for the review triggers. */
interface Decided {
  decision: Decision | null;
  fineOutsideRange: boolean;
}

/**
 * Decides a case with the same rules as checkLeniency (issue #3 §10) and keeps the whole
 * decision with it. A case is decided again only when its facts change, so a later change
 * of the rules never rewrites a recorded decision. A fine outside the outcome's range is
 * refused unless an override reason is given (which sends the case to review).
 */
async function decideCase(
  em: EntityManager,
  catalogue: Catalogue,
  c: E.PenaltyCase,
  input: Record<string, unknown>,
  action: 'create' | 'update',
  visible: (row: PriorRow) => boolean,
): Promise<Decided> {
  const facts = caseFacts(c);
  if (!c.decisionDate) {
    c.outcome = null;
    c.item = null;
    c.itemLabel = null;
    c.decision = null;
    c.referenceFine = 'referenceFine' in input ? c.referenceFine : null;
    return { decision: null, fineOutsideRange: false };
  }
  let decision = c.decision as Decision | null | undefined;
  if (action === 'create' || !decision || FACTS.some((f) => f in input)) {
    // The same rule book as checkLeniency; the case itself is never its own prior (priors are
    // strictly earlier acts).
    await serializeDecision(em, c.enterprise.id, c.offence.id);
    const found = await catalogue.ruleBook(em, c.offence.id, { id: c.enterprise.id }, c.offenceDate, visible);
    if (!found?.book)
      throw new InvalidInput('offenceId', '违法行为或企业不存在', 'no such offence or enterprise');
    decision = decide(facts, found.book);
    c.decision = decision;
    c.outcome = decision.outcome;
    c.item = decision.item ? em.getReference(E.LeniencyItem, decision.item.id, { wrapped: true }) : null;
    c.itemLabel = decision.item ? itemLabel(decision.item) : null;
    if (!('referenceFine' in input) || input.referenceFine === null) c.referenceFine = decision.referenceFine;
  }
  assertChoice(decision, c);
  const outside = fineOutsideRange(decision, c.fine ?? null);
  if (outside && !c.overrideReason)
    throw new InvalidInput(
      'fine',
      `${outside.zh}；如确需偏离，请填写偏离理由（overrideReason），案件将提交法制审核`,
      `${outside.en}; give an overrideReason to depart from it (the case then goes to legal review)`,
    );
  return { decision, fineOutsideRange: Boolean(outside) };
}

/**
 * The officer's choices (DOMAIN.md rules 4 and 5): a 可以 no-penalty not applied needs a reason;
 * under Art. 32 the choice is 从轻 or 减轻, and 减轻 (below the statutory minimum) needs a reason.
 */
function assertChoice(decision: Decision, c: E.PenaltyCase): void {
  const reason = c.choiceReason?.trim();
  if (decision.grounds.includes('DISCRETION_DECLINED') && !reason)
    throw new InvalidInput(
      'choiceReason',
      '依法可以不予处罚而决定给予处罚的，须记录理由',
      'declining a discretionary no-penalty needs a choiceReason',
    );
  const art32 = decision.grounds.includes('ART32') && !decision.item;
  if (art32 && c.officerChoice && c.officerChoice !== Tier.LIGHTER && c.officerChoice !== Tier.MITIGATED)
    throw new InvalidInput(
      'officerChoice',
      '有行政处罚法第三十二条情形的，应当从轻或者减轻处罚：只能选择从轻处罚（LIGHTER）或减轻处罚（MITIGATED）',
      'under Art. 32 the choice is LIGHTER or MITIGATED',
    );
  if (art32 && c.officerChoice === Tier.MITIGATED && !reason)
    throw new InvalidInput(
      'choiceReason',
      '选择减轻处罚的，须记录理由（将提交法制审核）',
      'choosing MITIGATED under Art. 32 needs a choiceReason (it goes to legal review)',
    );
}

/** Where the case's work happens: the transaction's entity manager, the rules, the user. */
export interface CaseWriteContext {
  em: EntityManager;
  catalogue: Catalogue;
  user: AuthUser | null;
  /** Whether the writing user may see a prior case (named in the reasons only then). */
  visible?: (row: PriorRow) => boolean;
}

/** Fields whose change means the decision of record changed (and its review, if any, is due again). */
const OF_RECORD = ['fine', 'referenceFine', 'overrideReason', 'officerChoice', 'choiceReason'] as const;
const COLUMN = {
  fine: 'fine',
  referenceFine: 'reference_fine',
  overrideReason: 'override_reason',
  officerChoice: 'officer_choice',
  choiceReason: 'choice_reason',
} as const;
/** A stored scalar (fen as number or bigint text, text, enum) as text, for comparison. */
const text = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));

interface StoredCase {
  status: CaseStatus;
  case_number: string;
  enterprise_id: number | string;
  offence_id: number | string;
  fine: number | string | null;
  reference_fine: number | string | null;
  override_reason: string | null;
  officer_choice: string | null;
  choice_reason: string | null;
  decision: unknown;
}

/**
 * The one writer of cases (issue #12 §1): every create and update of a PenaltyCase, whoever
 * sends it, goes through here, in the caller's write transaction, in this order: who may
 * record it → its number → facts → rule book → decision → the officer's choices and the fine
 * check → review triggers and status (domain/case-review.ts) → relief → flush → audit.
 * `input` is what the caller asked to change (already applied to `c`).
 */
export async function saveCase(
  ctx: CaseWriteContext,
  c: E.PenaltyCase,
  input: Record<string, unknown>,
  action: 'create' | 'update',
): Promise<void> {
  const { em, user } = ctx;
  const actor = user ?? { id: 0, role: Role.ADMIN };
  await assertMayRecordCase(em, user, c, action);
  const stored =
    action === 'update'
      ? (
          await sqlRows<StoredCase>(
            em,
            `select status, case_number, enterprise_id, offence_id, fine, reference_fine, override_reason, officer_choice,
                choice_reason, decision
               from penalty_case where id = ?`,
            [c.id],
          )
        )[0]
      : null;
  const from = stored?.status ?? CaseStatus.OPEN;
  // A status sent back unchanged (an edit form sends the whole record), or OPEN on a create (the
  // default), asks for no step.
  const asked = 'status' in input && input.status ? (input.status as CaseStatus) : null;
  const requested = asked === from || (action === 'create' && asked === CaseStatus.OPEN) ? null : asked;
  c.status = from;

  // The number: assigned, or a historical one given by hand; fixed once recorded.
  if (action === 'create') {
    if (c.caseNumber) await noteGivenCaseNumber(em, c.department.id, c.caseNumber);
    else c.caseNumber = await assignCaseNumber(em, c.department.id, Number(todayIso().slice(0, 4)));
  } else if (stored && c.caseNumber !== stored.case_number)
    throw new InvalidInput('caseNumber', '案号登记后不能修改', 'a case number is fixed once recorded');

  // Asking for a decided status decides the case today, unless it has a decision date.
  if (!c.decisionDate && requested && requested !== CaseStatus.OPEN) c.decisionDate = todayIso();
  const { decision, fineOutsideRange } = await decideCase(
    em,
    ctx.catalogue,
    c,
    input,
    action,
    ctx.visible ?? (() => true),
  );
  const triggers = decision
    ? reviewTriggers({
        grounds: decision.grounds,
        outcome: decision.outcome,
        officerChoice: c.officerChoice ?? null,
        fineOutsideRange,
        referenceOverridden: (c.referenceFine ?? null) !== decision.referenceFine,
      })
    : [];
  c.reviewTriggers = triggers;
  const state = () => ({
    status: c.status,
    officerId: c.officer?.id ?? null,
    decided: Boolean(c.decisionDate),
    triggers,
  });

  // A save that changes the decision of record is a RECORD step: it may send the case to review.
  const changed =
    !stored ||
    Number(stored.enterprise_id) !== c.enterprise.id ||
    Number(stored.offence_id) !== c.offence.id ||
    canonical(stored.decision) !== canonical(c.decision ?? null) ||
    OF_RECORD.some((f) => text(stored[COLUMN[f]]) !== text(c[f]));
  if (changed || (requested === CaseStatus.DECIDED && from === CaseStatus.OPEN))
    moveTo(c, caseTransition('RECORD', state(), actor));
  if (requested && requested !== c.status) {
    const step = actionForStatus(c.status, requested);
    if (step === 'RECORD')
      throw new InvalidInput(
        'status',
        `该案件${triggers.length ? `须经法制审核（${triggers.map((t) => TRIGGER_ZH[t]).join('、')}）` : '尚未作出决定'}，不能直接改为“已决定”`,
        `this case ${triggers.length ? `must pass legal review (${triggers.join(', ')})` : 'has no decision yet'}; it cannot be set to DECIDED directly`,
      );
    if (step) moveTo(c, caseTransition(step, state(), actor));
  }
  c.relief = caseRelief(c);
  await em.flush();
  // A lenient decision of record schedules its correction deadline and follow-up visit (回访).
  await scheduleFollowUp(em, c);
  if (decision && fineOutsideRange && (action === 'create' || changed))
    audit(em, user, 'fine-override', 'PenaltyCase', c.id, {
      caseNumber: c.caseNumber,
      fine: c.fine === null || c.fine === undefined ? null : fromCents(c.fine),
      outcome: decision.outcome,
      range: decision.fineRange && {
        min: fromCents(decision.fineRange.min),
        max: fromCents(decision.fineRange.max),
        unit: decision.fineRange.unit,
      },
      overrideReason: c.overrideReason,
    });
}

/** Sets the status a step leads to, with the time it was submitted for review. */
function moveTo(c: E.PenaltyCase, to: CaseStatus): void {
  if (to === CaseStatus.IN_REVIEW && c.status !== CaseStatus.IN_REVIEW) c.submittedAt = new Date();
  c.status = to;
}

/** JSON with its keys sorted: the same value reads the same from either database. */
function canonical(value: unknown): string {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sort(parsed ?? null));
}

/**
 * A step of 法制审核 (domain/case-review.ts): the officer submits, a reviewer approves or returns
 * with a reason. The caller has loaded `c` within the user's reach, in the write transaction.
 */
export async function reviewCase(
  em: EntityManager,
  user: AuthUser,
  c: E.PenaltyCase,
  action: 'SUBMIT' | 'APPROVE' | 'RETURN',
  note: string | null,
): Promise<void> {
  const from = c.status;
  const to = caseTransition(
    action,
    {
      status: from,
      officerId: c.officer?.id ?? null,
      decided: Boolean(c.decisionDate),
      triggers: c.reviewTriggers,
    },
    user,
    note,
  );
  moveTo(c, to);
  if (action !== 'SUBMIT') {
    c.reviewer = em.getReference(E.User, user.id, { wrapped: true });
    c.reviewedAt = new Date();
    c.reviewNote = note?.trim() || null;
  }
  await em.flush();
  // Approval makes the decision of record: its follow-up visit is scheduled now.
  await scheduleFollowUp(em, c);
  audit(em, user, `review-${action.toLowerCase()}`, 'PenaltyCase', c.id, {
    caseNumber: c.caseNumber,
    status: [from, to],
    reviewTriggers: c.reviewTriggers,
    reviewNote: note?.trim() || null,
  });
}

/** The facts of a recorded case, built by the same function as a check's (DOMAIN.md). */
export function caseFacts(c: E.PenaltyCase): Facts {
  return buildFacts(
    {
      offenceDate: c.offenceDate,
      offenceEndDate: c.offenceEndDate,
      discoveredDate: c.discoveredDate,
      decisionDate: c.decisionDate,
      harm: c.harm,
      corrected: c.corrected,
      refusedCorrection: c.refusedCorrection,
      noFaultEvidence: c.noFaultEvidence,
      mitigating: c.mitigating,
      aggravating: c.aggravating,
      illegalGain: c.illegalGain,
      basisAmount: c.basisAmount,
      seriousCircumstances: c.seriousCircumstances,
      confirmedConditions: c.confirmedConditions,
      officerChoice: c.officerChoice,
    },
    todayIso(),
  );
}

/** 减免金额 of a case (DOMAIN.md: lenient cases under a list item only). */
export function caseRelief(c: E.PenaltyCase): number | null {
  return reliefOf({
    outcome: c.outcome,
    itemId: c.item?.id ?? null,
    referenceFine: c.referenceFine,
    fine: c.fine,
  });
}

function fineOutsideRange(d: Decision, fine: number | null): { zh: string; en: string } | null {
  if (fine === null) return null;
  if (d.outcome === Tier.NONE)
    return fine > 0
      ? { zh: '决定不予处罚的案件不应处以罚款', en: 'a case decided NONE carries no fine' }
      : null;
  const range = d.fineRange;
  if (!range) return null;
  if (range.unit !== FineUnit.YUAN)
    return {
      zh: `该违法行为按${describeRange(range)}罚款，须先认定计罚基数金额（basisAmount）`,
      en: `this fine is a multiple of ${basisOfUnit(range.unit) ?? 'a basis'}: give basisAmount first`,
    };
  if (fine < range.min || fine > range.max)
    return {
      zh: `罚款${yuan(fine)}元不在应适用的幅度${describeRange(range)}内`,
      en: `a fine of ${fine / 100} yuan is outside the range for ${d.outcome}, ${range.min / 100}–${range.max / 100} yuan`,
    };
  return null;
}
