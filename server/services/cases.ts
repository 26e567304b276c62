import type { EntityManager } from '@mikro-orm/core';
import { todayIso } from '../domain/dates';
import { CaseStatus, FineUnit, Tier } from '../domain/enums';
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
import type { AuthUser } from './auth';
import { audit } from './audit';
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

/**
 * Decides a case with the same rules as checkLeniency (issue #3 §10) and keeps the whole
 * decision with it. A case is decided again only when its facts change, so a later change
 * of the rules never rewrites a recorded decision. A fine outside the outcome's range is
 * refused unless an override reason is given; an override is audited on its own.
 */
export async function decideCase(
  em: EntityManager,
  catalogue: Catalogue,
  c: E.PenaltyCase,
  input: Record<string, unknown>,
  action: 'create' | 'update',
  user: AuthUser | null,
  /** Whether the recording user may see a prior case (named in the reasons only then). */
  visible?: (row: PriorRow) => boolean,
): Promise<void> {
  if (!c.decisionDate && c.status !== CaseStatus.OPEN) c.decisionDate = todayIso();
  const facts = caseFacts(c);
  if (!c.decisionDate) {
    c.outcome = null;
    c.item = null;
    c.decision = null;
    c.referenceFine = 'referenceFine' in input ? c.referenceFine : null;
    return;
  }
  let decision = c.decision as Decision | null | undefined;
  if (action === 'create' || !decision || FACTS.some((f) => f in input)) {
    // The same rule book as checkLeniency; the case itself is never its own prior (priors are
    // strictly earlier acts).
    await serializeDecision(em, c.enterprise.id, c.offence.id);
    const found = await catalogue.ruleBook(
      em,
      c.offence.id,
      { id: c.enterprise.id },
      c.offenceDate,
      visible ?? (() => true),
    );
    if (!found?.book)
      throw new InvalidInput('offenceId', '违法行为或企业不存在', 'no such offence or enterprise');
    decision = decide(facts, found.book);
    c.decision = decision;
    c.outcome = decision.outcome;
    c.item = decision.item ? em.getReference(E.LeniencyItem, decision.item.id, { wrapped: true }) : null;
    if (!('referenceFine' in input) || input.referenceFine === null) c.referenceFine = decision.referenceFine;
    if (c.status === CaseStatus.OPEN) c.status = CaseStatus.DECIDED;
  }
  // DOMAIN.md rule 4: a 可以 no-penalty the officer does not apply is recorded with the reason.
  if (decision.grounds.includes('DISCRETION_DECLINED') && !c.choiceReason?.trim())
    throw new InvalidInput(
      'choiceReason',
      '依法可以不予处罚而决定给予处罚的，须记录理由',
      'declining a discretionary no-penalty needs a choiceReason',
    );
  const outside = fineOutsideRange(decision, c.fine ?? null);
  if (outside) {
    if (!c.overrideReason)
      throw new InvalidInput(
        'fine',
        `${outside.zh}；如确需偏离，请填写偏离理由（overrideReason）`,
        `${outside.en}; give an overrideReason to depart from it`,
      );
    if ('fine' in input || 'overrideReason' in input || action === 'create')
      audit(em, user, 'fine-override', 'PenaltyCase', c.id ?? null, {
        fine: c.fine === null || c.fine === undefined ? null : c.fine / 100,
        outcome: decision.outcome,
        range: decision.fineRange,
        reason: c.overrideReason,
      });
  }
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
