import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { addDays, addMonths, todayIso } from '../domain/dates';
import { Harm, LeniencyKind, LookbackKind } from '../domain/enums';
import { KIND_ZH, LENIENT, buildFacts, decide } from '../domain/leniency';
import { DEFAULT_LOOKBACK_MONTHS, itemLabel, itemName, listsInForce, lookbackZh } from '../domain/lists';
import { riskIndexOf, riskLevelOf } from '../domain/report';
import * as E from '../db/entities';
import type { Catalogue } from './catalogue';
import { renderReportPdf } from './pdf';

/** Re-derives a report's risk index and level from its findings (domain/report.ts). */
export async function recomputeRisk(em: EntityManager, reportId: number): Promise<void> {
  const report = await em.findOne(E.CheckupReport, reportId);
  if (!report) return;
  const findings = await em.find(E.ReportFinding, { report: reportId });
  report.riskIndex = riskIndexOf(findings);
  report.riskLevel = riskLevelOf(report.riskIndex);
  await em.flush();
}

/**
 * A fingerprint of what a report says: printed in the PDF footer, so that a paper copy can be
 * checked against the system (CheckupReport.contentHash). Workflow timestamps are left out;
 * any change to the content, the findings or the status changes it.
 */
export function contentHash(
  report: E.CheckupReport,
  findings: readonly E.ReportFinding[],
  enterprise: E.Enterprise,
  lawyer: E.User,
): string {
  const canonical = JSON.stringify({
    id: report.id,
    enterprise: enterprise.creditCode,
    lawyer: lawyer.username,
    lawFirm: report.lawFirm ?? null,
    checkDate: report.checkDate,
    scope: report.scope ?? null,
    method: report.method ?? null,
    summary: report.summary ?? null,
    riskIndex: report.riskIndex,
    riskLevel: report.riskLevel,
    status: report.status,
    findings: [...findings]
      .sort((a, b) => a.id - b.id)
      .map((f) => [
        f.id,
        f.category,
        f.riskLevel,
        f.description,
        f.legalBasis ?? null,
        f.recommendation ?? null,
        f.deadline ?? null,
        f.rectified,
        f.rectifiedAt ?? null,
      ]),
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16).toUpperCase();
}

export interface LeniencyHint {
  kind: LeniencyKind;
  itemId: number;
  listId: number;
  listVersion: string;
  number: number;
  text: string;
}

const HINT_ZH: Record<LeniencyKind, string> = {
  NO_PENALTY: '及时改正、未造成危害后果的，依法不予处罚；请在执法检查发现前改正',
  FIRST_OFFENCE_NO_PENALTY: '首次违法、危害后果轻微并及时改正的，可以不予处罚；请在执法检查发现前改正',
  LIGHTER: '符合清单条件的，可以从轻处罚；请尽快改正并保留改正证据',
  MITIGATED: '符合清单条件的，可以减轻处罚；请尽快改正并保留改正证据',
  NO_COERCIVE_MEASURE: '符合清单条件的，可以不予实施查封、扣押等行政强制措施；请尽快改正',
};

/** What the list in force today says about a finding's offence: the enterprise can still act on it. */
export async function leniencyHint(
  catalogue: Catalogue,
  offenceId: number,
  asOf = todayIso(),
): Promise<LeniencyHint | null> {
  const { rules } = await catalogue.current();
  const items = rules.byOffence.get(offenceId)?.items ?? [];
  const lists = new Map(listsInForce(rules.lists, asOf).map((l) => [l.id, l]));
  // The most lenient kind any list in force offers for it.
  const order = [
    LeniencyKind.NO_PENALTY,
    LeniencyKind.FIRST_OFFENCE_NO_PENALTY,
    LeniencyKind.MITIGATED,
    LeniencyKind.LIGHTER,
    LeniencyKind.NO_COERCIVE_MEASURE,
  ];
  const item = items
    .filter((i) => lists.has(i.listId))
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))[0];
  const list = item ? lists.get(item.listId) : undefined;
  if (!list || !item) return null;
  return {
    kind: item.kind,
    itemId: item.id,
    listId: list.id,
    listVersion: list.version,
    number: item.number,
    text: `本项属${itemName(list, item.number)}“${KIND_ZH[item.kind]}”事项（适用条件：${item.conditions}）。${HINT_ZH[item.kind]}。`,
  };
}

export interface Qualification {
  /** Whether, corrected before an inspection finds it, the act would be treated leniently today. */
  qualifies: boolean;
  /** Its first-offence status from its own cases (null: the item does not ask). */
  firstOffence: boolean | null;
  /** Its decided cases of the same offence within the look-back window. */
  priorCases: number;
  /** From when it qualifies again, where a prior case stands in the way and the window ends. */
  qualifiesAgainOn: string | null;
  text: string;
}

/**
 * Whether this enterprise would qualify today for the lenient treatment the finding's offence
 * has on the lists, from its own cases, decided by the same rules as a case (domain/leniency.ts):
 * the act as it would be if corrected now, without harm, every condition of the items met. No
 * prior case is named: the lawyer learns how many, not which.
 */
export async function qualification(
  em: EntityManager,
  catalogue: Catalogue,
  enterpriseId: number,
  offenceId: number,
  asOf = todayIso(),
): Promise<Qualification | null> {
  const hint = await leniencyHint(catalogue, offenceId, asOf);
  const found = hint
    ? await catalogue.ruleBook(em, offenceId, { id: enterpriseId }, asOf, () => false)
    : null;
  if (!hint || !found?.book) return null;
  const book = found.book;
  const facts = buildFacts(
    {
      offenceDate: asOf,
      decisionDate: asOf,
      discoveredDate: asOf,
      harm: Harm.NONE,
      corrected: true,
      confirmedConditions: book.items.flatMap((i) => i.conditionList.map((c) => c.id)),
    },
    asOf,
  );
  const d = decide(facts, book);
  const item = book.items.find((i) => i.id === hint.itemId)!;
  const qualifies = d.item !== null && LENIENT.has(d.outcome);
  // The same offence within the item's window, counted as the rules count it.
  const since =
    item.lookbackKind === LookbackKind.EVER
      ? '0000-01-01'
      : item.lookbackKind === LookbackKind.CALENDAR_YEAR
        ? `${asOf.slice(0, 4)}-01-01`
        : addMonths(asOf, -(item.lookbackMonths ?? DEFAULT_LOOKBACK_MONTHS));
  const priors = book.priorCases.filter((p) => p.offenceDate >= since && p.offenceDate < asOf);
  const last =
    priors
      .map((p) => p.offenceDate)
      .sort()
      .at(-1) ?? null;
  const againOn =
    qualifies || !last || item.lookbackKind === LookbackKind.EVER
      ? null
      : item.lookbackKind === LookbackKind.CALENDAR_YEAR
        ? `${Number(asOf.slice(0, 4)) + 1}-01-01`
        : addDays(addMonths(last, item.lookbackMonths ?? DEFAULT_LOOKBACK_MONTHS), 1);
  const window =
    item.lookbackKind === LookbackKind.EVER
      ? '此前'
      : item.lookbackKind === LookbackKind.CALENDAR_YEAR
        ? '本自然年度内'
        : `${item.lookbackMonths ?? DEFAULT_LOOKBACK_MONTHS}个月内`;
  const hinted = book.lists.find((l) => l.id === hint.listId);
  const where = `${hinted ? itemName(hinted, hint.number) : `${hint.listVersion}版第${hint.number}项`}“${KIND_ZH[item.kind]}”`;
  const applied = d.item ? `${itemLabel(d.item)}“${KIND_ZH[d.item.kind]}”` : where;
  const text = qualifies
    ? `按该企业自身的案件记录，今日${d.firstOffence ? '属首次违法，' : ''}在执法检查发现前改正、未造成危害后果的，可适用${applied}。保持资格须：及时改正并保留改正证据${
        item.conditions ? `，符合适用条件（${item.conditions}）` : ''
      }；${item.lookbackKind === LookbackKind.EVER ? '此后' : `此后${window}`}不得再有同一违法行为，否则不再属首次违法（${lookbackZh(item)}）。`
    : priors.length
      ? `该企业${window}已有同一违法行为的案件${priors.length}件，今日不属首次违法，不能适用${where}${
          againOn ? `；自${againOn}起方可再适用（其间不得再有同一违法行为）` : ''
        }。请立即改正，避免被查处时从重。`
      : `按该企业自身的案件记录，今日不符合${where}的条件；请立即改正并保留改正证据。`;
  return {
    qualifies,
    firstOffence: d.firstOffence,
    priorCases: priors.length,
    qualifiesAgainOn: againOn,
    text,
  };
}

/** Everything the printed report shows, rendered to PDF. */
export async function reportPdf(
  em: EntityManager,
  report: E.CheckupReport,
  catalogue: Catalogue,
): Promise<Buffer> {
  const findings = await em.find(E.ReportFinding, { report: report.id }, { orderBy: { id: 'asc' } });
  const enterprise = await em.findOneOrFail(E.Enterprise, report.enterprise.id);
  const lawyer = await em.findOneOrFail(E.User, report.lawyer.id);
  const withHints = await Promise.all(
    findings.map(async (f) =>
      Object.assign(f, {
        hint: f.offence
          ? [
              (await leniencyHint(catalogue, f.offence.id))?.text,
              (await qualification(em, catalogue, enterprise.id, f.offence.id))?.text,
            ]
              .filter(Boolean)
              .join('') || null
          : null,
      }),
    ),
  );
  return renderReportPdf({
    report,
    enterprise,
    lawyer,
    findings: withHints,
    hash: contentHash(report, findings, enterprise, lawyer),
  });
}
