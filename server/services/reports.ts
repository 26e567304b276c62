import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { todayIso } from '../domain/dates';
import { LeniencyKind } from '../domain/enums';
import { KIND_ZH } from '../domain/leniency';
import { listsInForce } from '../domain/lists';
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
    text: `本项属《${list.title}》第${item.number}项“${KIND_ZH[item.kind]}”事项（适用条件：${item.conditions}）。${HINT_ZH[item.kind]}。`,
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
        hint: f.offence ? ((await leniencyHint(catalogue, f.offence.id))?.text ?? null) : null,
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
