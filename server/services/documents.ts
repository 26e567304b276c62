import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import {
  DEFAULT_TEMPLATES,
  documentsOf,
  fillTemplate,
  followUpSchedule,
  performanceText,
  remediesText,
  type DocumentValues,
} from '../domain/documents';
import { DocumentKind, Harm, Tier } from '../domain/enums';
import { NotAllowed } from '../domain/errors';
import { HARM_ZH, TIER_ZH, yuan, type Decision } from '../domain/leniency';
import * as E from '../db/entities';
import { documentHtml, renderPdf } from './pdf';

/** The template a department prints a kind with: its own, else the default, else the built-in one. */
export async function templateFor(
  em: EntityManager,
  kind: DocumentKind,
  departmentId: number,
): Promise<{ title: string; body: string; version: number; id: number | null }> {
  const rows = await em.find(
    E.DocumentTemplate,
    { kind, $or: [{ department: departmentId }, { department: null }] },
    { orderBy: { id: 'asc' } },
  );
  const own = rows.find((r) => r.department?.id === departmentId) ?? rows.find((r) => !r.department);
  if (own) return { title: own.title, body: own.body, version: own.version, id: own.id };
  return { ...DEFAULT_TEMPLATES[kind], version: 0, id: null };
}

const ZH_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const fen = (v: number | null | undefined) => (v ? `人民币${yuan(v)}元` : null);

/** What the placeholders of a case's documents hold. */
export function documentValues(
  c: E.PenaltyCase,
  parts: {
    enterprise: E.Enterprise;
    offence: E.Offence;
    department: E.Department;
    item: E.LeniencyItem | null;
    visit: E.FollowUpVisit | null;
  },
): DocumentValues {
  const d = c.decision as Decision | null;
  const { enterprise, offence, department, item, visit } = parts;
  const deadline =
    visit?.correctionDeadline ??
    followUpSchedule({
      ...c,
      outcome: c.outcome ?? null,
      itemKind: item?.kind ?? null,
      decisionDate: c.decisionDate ?? null,
    })?.correctionDeadline ??
    null;
  const others = (d?.penalties ?? []).filter((p) => !p.startsWith('罚款'));
  const fine = fen(c.fine);
  const penalty =
    [fine ? `处罚款${fine}` : null, ...others].filter(Boolean).join('，') ||
    (c.outcome === Tier.NONE ? '不予行政处罚' : `${TIER_ZH[c.outcome ?? Tier.STANDARD]}`);
  const applied = d?.item ? `适用《${d.item.listTitle}》${d.item.listVersion}版第${d.item.number}项` : null;
  const choice = c.officerChoice
    ? `执法人员依据《中华人民共和国行政处罚法》第三十二条选择${TIER_ZH[c.officerChoice]}${c.choiceReason ? `，理由：${c.choiceReason}` : ''}。`
    : c.choiceReason
      ? `裁量理由：${c.choiceReason}。`
      : '';
  const discretion = [d?.summary, applied ? `${applied}。` : null, choice].filter(Boolean).join('') || '无';
  const measures = d?.measures?.length ? d.measures : (item?.measures ?? []);
  const correction = `立即停止${offence.title}的违法行为，依照${offence.violatedProvision}的规定改正${
    measures.length ? `；并${measures.join('、')}` : ''
  }。`;
  return {
    agency: department.name,
    caseNumber: c.caseNumber,
    partyName: enterprise.name,
    partyAddress: enterprise.address ?? '—',
    creditCode: enterprise.creditCode,
    legalRepresentative: enterprise.legalRepresentative ?? '—',
    facts: `当事人于${c.offenceDate}${c.offenceEndDate ? `至${c.offenceEndDate}` : ''}实施“${offence.title}”的违法行为${
      c.discoveredDate ? `，于${c.discoveredDate}被本机关发现` : ''
    }；${HARM_ZH[c.harm as Harm]}，${c.corrected ? '当事人已及时改正' : '当事人尚未改正'}${
      c.illegalGain ? `，违法所得${fen(c.illegalGain)}` : ''
    }。`,
    evidence: c.evidence?.trim() || '—',
    offence: `“${offence.title}”的行为`,
    violatedProvision: offence.violatedProvision,
    penaltyProvision: offence.penaltyProvision,
    penalty,
    discretion,
    noPenaltyBasis: d?.summary ?? '—',
    performance: performanceText(fine),
    remedies: remediesText(department.name, null),
    education: measures.length
      ? `依据《中华人民共和国行政处罚法》第三十三条第三款，本机关已对当事人进行教育；并${measures.join('、')}（免罚不免责）。`
      : '依据《中华人民共和国行政处罚法》第三十三条第三款，本机关已对当事人进行批评教育（免罚不免责）。',
    correction,
    correctionDeadline: deadline ?? '—',
    commitments: [
      `立即停止并改正“${offence.title}”的行为`,
      `今后严格遵守${offence.violatedProvision}的规定，不再实施同一违法行为`,
      ...measures,
    ]
      .map((p, i) => `${ZH_ORDINALS[i] ?? i + 1}、${p}；`)
      .join(''),
    decisionDate: c.decisionDate ?? '—',
  };
}

export interface PrintedDocument {
  pdf: Buffer;
  title: string;
  hash: string;
}

/** A fingerprint of what a document says (the template version included): printed in its footer. */
export function documentHash(kind: DocumentKind, templateVersion: number, paragraphs: string[]): string {
  const canonical = JSON.stringify({ kind, templateVersion, paragraphs });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16).toUpperCase();
}

/**
 * One document of case `c`, which the caller has reached under the case read rule
 * (graphql/access.ts, as GraphQL and the exports do) with its enterprise, offence, department
 * and item loaded. A case not decided, or a kind it does not have, is refused with the reason.
 */
export async function caseDocument(
  em: EntityManager,
  c: E.PenaltyCase,
  kind: DocumentKind,
): Promise<PrintedDocument> {
  const item = c.item ? c.item.getEntity() : null;
  const kinds = documentsOf({
    status: c.status,
    outcome: c.outcome ?? null,
    itemRequiresCommitment: item?.requiresCommitment ?? false,
  });
  if (!kinds.length)
    throw new NotAllowed(
      `案件${c.caseNumber}尚未作出决定（${c.status}），不能制作文书`,
      `case ${c.caseNumber} is not decided (${c.status}): no document can be printed yet`,
    );
  if (!kinds.includes(kind))
    throw new NotAllowed(
      `案件${c.caseNumber}没有此类文书（可制作：${kinds.map((k) => DEFAULT_TEMPLATES[k].title).join('、')}）`,
      `case ${c.caseNumber} has no ${kind} document (it has ${kinds.join(', ')})`,
    );
  if (
    (kind === DocumentKind.PENALTY_DECISION || kind === DocumentKind.NO_PENALTY_DECISION) &&
    !c.evidence?.trim()
  )
    throw new NotAllowed(
      `案件${c.caseNumber}未登记证据（evidence），不能制作决定书（《中华人民共和国行政处罚法》第五十九条）`,
      `case ${c.caseNumber} records no evidence: a decision must state it (行政处罚法 Art. 59)`,
    );
  const visit = await em.findOne(E.FollowUpVisit, { penaltyCase: c.id });
  const template = await templateFor(em, kind, c.department.id);
  const values = documentValues(c, {
    enterprise: c.enterprise.getEntity(),
    offence: c.offence.getEntity(),
    department: c.department.getEntity(),
    item,
    visit,
  });
  const paragraphs = fillTemplate(template.body, values);
  const hash = documentHash(kind, template.version, paragraphs);
  const pdf = await renderPdf(
    documentHtml({
      title: template.title,
      paragraphs,
      note: template.id ? `文书模板第${template.version}版` : '文书模板：系统默认',
    }),
    `${template.title} · ${c.caseNumber}`,
    hash,
  );
  return { pdf, title: template.title, hash };
}
