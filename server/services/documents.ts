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
import { HARM_ZH, TIER_ZH, itemCitation, yuan, type Decision } from '../domain/leniency';
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
    /** The offence version the decision applied (null: the offence's own provisions). */
    version?: E.OffenceVersion | null;
  },
): DocumentValues {
  const d = c.decision as Decision | null;
  const { enterprise, offence, department, item, visit, version } = parts;
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
  const none = c.outcome === Tier.NONE;
  const penalty =
    [fine ? `处罚款${fine}` : null, ...others].filter(Boolean).join('，') ||
    (none ? '不予行政处罚' : `${TIER_ZH[c.outcome ?? Tier.STANDARD]}`);
  // The item as the decision cites it (《title》（3.0版）第19项（首违不罚）); a summary that names it
  // already is not followed by it again.
  const applied = d?.item
    ? itemCitation({ title: d.item.listTitle, version: d.item.listVersion }, d.item)
    : null;
  // A decision is the agency's (行政处罚法 Art. 57), and Art. 32 is the article of a choice between
  // 从轻 and 减轻 only; declining a 可以 no-penalty is the agency's discretion under the rule declined.
  const art32 = c.officerChoice === Tier.LIGHTER || c.officerChoice === Tier.MITIGATED;
  const choice = c.officerChoice
    ? `${art32 ? '依据《中华人民共和国行政处罚法》第三十二条，' : ''}本机关决定${art32 ? '' : '按'}${TIER_ZH[c.officerChoice]}${art32 ? '' : '处理'}${c.choiceReason ? `，理由：${c.choiceReason}` : ''}。`
    : c.choiceReason
      ? `裁量理由：${c.choiceReason}。`
      : '';
  // The summary's closing "同时责令改正…" is said by the document's own paragraph on measures.
  const summary = d?.summary?.replace(/同时[^。]*。$/, '');
  const discretion =
    [summary, applied && !summary?.includes(applied) ? `适用${applied}。` : null, choice]
      .filter(Boolean)
      .join('') || '无';
  const measures = d?.measures?.length ? d.measures : (item?.measures ?? []);
  // Correction is ordered once (Art. 28 ¶1) and education is the agency's, not the party's to do.
  const ordered = measures.filter((m) => m !== '责令改正' && !m.includes('教育'));
  const correction = `立即停止${offence.title}的违法行为，依照${offence.violatedProvision}的规定改正${
    ordered.length ? `；并${ordered.join('、')}` : ''
  }。`;
  // 不予处罚 where the law says 可以: the basis says what may be done, the agency what it did.
  const basis = summary?.replace(
    /可以不予行政处罚(（由执法人员裁量决定是否适用，并记录理由）)?。/,
    '可以不予行政处罚，经裁量，本机关决定不予行政处罚。',
  );
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
    // The clause the decision applied (its offence version, Art. 37), not the offence's current one.
    penaltyProvision: version?.citation ?? offence.penaltyProvision,
    penalty,
    discretion,
    noPenaltyBasis: basis ?? '—',
    performance: performanceText(fine, others.length > 0),
    remedies: remediesText(department.name, null),
    // Art. 33 ¶3 educates where no penalty is imposed; a penalty decision orders correction (Art. 28 ¶1).
    education: none
      ? `依据《中华人民共和国行政处罚法》第三十三条第三款，本机关对当事人进行教育${
          ordered.length
            ? `；依据同法第二十八条第一款，责令当事人改正，并${ordered.join('、')}`
            : '；依据同法第二十八条第一款，责令当事人改正'
        }（免罚不免责）。`
      : `依据《中华人民共和国行政处罚法》第二十八条第一款，责令当事人改正违法行为${
          ordered.length ? `，并${ordered.join('、')}` : ''
        }。`,
    correction,
    correctionDeadline: deadline ?? '—',
    commitments: [
      `立即停止并改正“${offence.title}”的行为`,
      `今后严格遵守${offence.violatedProvision}的规定，不再实施同一违法行为`,
      ...ordered,
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
    awaitingCorrection: (c.decision as Decision | null)?.grounds?.includes('ORDER_TO_CORRECT') ?? false,
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
  // Art. 59 (三): a penalty decision states the penalty. A case decided to a penalty tier with no
  // fine recorded and no other penalty would print "决定对当事人一般处罚", which imposes nothing.
  const penalties = (c.decision as Decision | null)?.penalties ?? [];
  if (kind === DocumentKind.PENALTY_DECISION && !c.fine && !penalties.some((p) => !p.startsWith('罚款')))
    throw new NotAllowed(
      `案件${c.caseNumber}未登记罚款金额，也无其他处罚种类，不能制作行政处罚决定书（《中华人民共和国行政处罚法》第五十九条）`,
      `case ${c.caseNumber} records no fine and no other penalty: a penalty decision must state the penalty (行政处罚法 Art. 59)`,
    );
  const visit = await em.findOne(E.FollowUpVisit, { penaltyCase: c.id });
  const versionId = (c.decision as Decision | null)?.offenceVersionId ?? null;
  const version = versionId === null ? null : await em.findOne(E.OffenceVersion, versionId);
  const template = await templateFor(em, kind, c.department.id);
  const values = documentValues(c, {
    enterprise: c.enterprise.getEntity(),
    offence: c.offence.getEntity(),
    department: c.department.getEntity(),
    item,
    visit,
    version,
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
