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

/** Measures that are the agency's own acts, or the order to correct itself: not the party's to do. */
const AGENCY_ACT = /^责令(限期)?改正$|教育|约谈|告诫|提醒|回访|指导|查封|扣押|强制措施/;

/** The decision's penalties besides the fine (its range is not the fine imposed). */
const otherPenalties = (d: Decision | null) => (d?.penalties ?? []).filter((p) => !p.startsWith('罚款'));

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
  const others = otherPenalties(d);
  const fine = fen(c.fine);
  const none = c.outcome === Tier.NONE;
  // 警告 and 通报批评 are given (给予警告); the other kinds are verbs already (没收…, 吊销…).
  const penalty =
    [fine ? `处罚款${fine}` : null, ...others.map((p) => (/^(警告|通报批评)$/.test(p) ? `给予${p}` : p))]
      .filter(Boolean)
      .join('，') || (none ? '不予行政处罚' : `${TIER_ZH[c.outcome ?? Tier.STANDARD]}`);
  // The item as the decision cites it (《title》（3.0版）第19项（首违不罚）); a summary that names it
  // already is not followed by it again.
  const applied = d?.item
    ? itemCitation({ title: d.item.listTitle, version: d.item.listVersion }, d.item)
    : null;
  // A decision is the agency's (行政处罚法 Art. 57). What it chose is read from the decision's
  // grounds and outcome, not from the officer's input: Art. 32 only where its circumstances are
  // found and the outcome is 从轻 or 减轻; a 可以 no-penalty declined is said as such.
  const grounds: readonly string[] = d?.grounds ?? [];
  const reason = c.choiceReason ? `，理由：${c.choiceReason}` : '';
  const declined = !none && grounds.includes('DISCRETION_DECLINED');
  const art32 = grounds.includes('ART32') && (c.outcome === Tier.LIGHTER || c.outcome === Tier.MITIGATED);
  const choice = [
    declined ? `本机关决定不适用可以不予处罚的规定，依法给予处罚${art32 ? '' : reason}。` : '',
    art32 ? `依据《中华人民共和国行政处罚法》第三十二条，本机关决定${TIER_ZH[c.outcome!]}${reason}。` : '',
    !declined && !art32 && c.choiceReason ? `裁量理由：${c.choiceReason}。` : '',
  ].join('');
  // The summary's closing "同时责令改正…" is said by the document's own paragraph on measures.
  const summary = d?.summary?.replace(/同时[^。]*。$/, '');
  const discretion =
    [summary, applied && !summary?.includes(applied) ? `适用${applied}。` : null, choice]
      .filter(Boolean)
      .join('') || '无';
  // The clause the decision applied (its offence version, Art. 37), not the offence's current one.
  const penaltyProvision = version?.citation ?? offence.penaltyProvision;
  const measures = d?.measures?.length ? d.measures : (item?.measures ?? []);
  // What the party itself must do: correction is ordered once, in its own words, and the agency's
  // own acts (education, 约谈, not sealing or seizing) are neither ordered nor promised.
  const ordered = measures.filter((m) => !AGENCY_ACT.test(m));
  const correction = `立即停止${offence.title}的违法行为，依照${offence.violatedProvision}的规定改正${
    ordered.length ? `；并${ordered.join('、')}` : ''
  }。`;
  // The basis says what the law allows; paragraph 五 of the template says what the agency decided.
  const basis = summary?.replace(
    '可以不予行政处罚（由执法人员裁量决定是否适用，并记录理由）。',
    '可以不予行政处罚。',
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
    penaltyProvision,
    penalty,
    discretion,
    noPenaltyBasis: basis ?? '—',
    performance: performanceText(fine, others.length > 0),
    remedies: remediesText(department.name, department.reviewBody ?? null),
    // Where no penalty is imposed: education (Art. 33 ¶3), and correction as the clause itself orders
    // it, or as done. A penalty decision orders correction under Art. 28 ¶1 (行政机关实施行政处罚时).
    education: none
      ? `依据《中华人民共和国行政处罚法》第三十三条第三款，本机关对当事人进行教育；${
          c.corrected ? '当事人已改正违法行为' : `依照${penaltyProvision}，责令当事人改正违法行为`
        }${ordered.length ? `，并${ordered.join('、')}` : ''}。`
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
  const d = c.decision as Decision | null;
  const kinds = documentsOf({
    status: c.status,
    outcome: c.outcome ?? null,
    itemRequiresCommitment: item?.requiresCommitment ?? false,
    decision: d,
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
  if (kind === DocumentKind.PENALTY_DECISION && !c.fine && !otherPenalties(d).length)
    throw new NotAllowed(
      `案件${c.caseNumber}未登记罚款金额，也无其他处罚种类，不能制作行政处罚决定书（《中华人民共和国行政处罚法》第五十九条）`,
      `case ${c.caseNumber} records no fine and no other penalty: a penalty decision must state the penalty (行政处罚法 Art. 59)`,
    );
  const visit = await em.findOne(E.FollowUpVisit, { penaltyCase: c.id });
  const versionId = d?.offenceVersionId ?? null;
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
