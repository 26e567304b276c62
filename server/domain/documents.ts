import { addDays } from './dates';
import { CaseStatus, DocumentKind, LeniencyKind, Tier } from './enums';
import { InvalidInput } from './errors';

/*
 * The documents a decided case prints (DOMAIN.md "After the decision"), as templates a manager
 * edits: plain text, one paragraph a line, with {{placeholders}} that the case fills. What a
 * document must say is law, so a template that leaves out a required element is refused.
 *
 * 行政处罚法 (2021) Art. 59: 行政处罚决定书应当载明下列事项：（一）当事人的姓名或者名称、地址；
 * （二）违反法律、法规、规章的事实和证据；（三）行政处罚的种类和依据；（四）行政处罚的履行方式和期限；
 * （五）申请行政复议、提起行政诉讼的途径和期限；（六）作出行政处罚决定的行政机关名称和作出决定的日期。
 */

/** Every placeholder a template may use, with what it holds. */
export const PLACEHOLDERS = {
  agency: '作出决定的行政机关名称（执法部门）',
  caseNumber: '文书编号（案件编号）',
  partyName: '当事人名称',
  partyAddress: '当事人地址',
  creditCode: '统一社会信用代码',
  legalRepresentative: '法定代表人',
  facts: '违法事实',
  evidence: '证据',
  offence: '违法行为',
  violatedProvision: '违法依据',
  penaltyProvision: '处罚依据',
  penalty: '行政处罚的种类和幅度',
  discretion: '裁量理由（从轻、减轻或不予处罚的理由，清单事项）',
  noPenaltyBasis: '不予处罚的依据',
  performance: '履行方式和期限',
  remedies: '申请行政复议、提起行政诉讼的途径和期限',
  education: '对当事人进行的教育及其他措施（免罚不免责）',
  correction: '责令改正的内容',
  correctionDeadline: '改正期限',
  commitments: '当事人承诺事项',
  decisionDate: '作出决定的日期',
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;
export type DocumentValues = Record<Placeholder, string>;

/** What each kind must contain: Art. 59 for a 决定书; Art. 33 ¶3 (education) for a no-penalty one. */
export const REQUIRED: Record<DocumentKind, readonly Placeholder[]> = {
  // 行政处罚法 Art. 59 (1)–(6).
  PENALTY_DECISION: [
    'partyName',
    'partyAddress',
    'facts',
    'evidence',
    'penalty',
    'penaltyProvision',
    'performance',
    'remedies',
    'agency',
    'decisionDate',
  ],
  // Art. 33 ¶3: "对当事人的违法行为依法不予行政处罚的，行政机关应当对当事人进行教育。"
  NO_PENALTY_DECISION: [
    'partyName',
    'partyAddress',
    'facts',
    'evidence',
    'noPenaltyBasis',
    'education',
    'remedies',
    'agency',
    'decisionDate',
  ],
  // Art. 28 ¶1: 责令当事人改正或者限期改正违法行为.
  CORRECTION_ORDER: ['partyName', 'correction', 'correctionDeadline', 'agency', 'decisionDate'],
  COMMITMENT_LETTER: ['partyName', 'commitments', 'correctionDeadline', 'agency'],
};

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Refuses a template that names an unknown placeholder or leaves out one its kind requires. */
export function assertTemplate(kind: DocumentKind, body: string): void {
  const used = new Set<string>();
  for (const m of body.matchAll(PLACEHOLDER)) {
    if (!(m[1] in PLACEHOLDERS))
      throw new InvalidInput(
        'body',
        `模板中的“{{${m[1]}}}”不是可用的占位符（可用：${Object.keys(PLACEHOLDERS).join('、')}）`,
        `{{${m[1]}}} is not a placeholder (use ${Object.keys(PLACEHOLDERS).join(', ')})`,
      );
    used.add(m[1]);
  }
  const missing = REQUIRED[kind].filter((p) => !used.has(p));
  if (missing.length)
    throw new InvalidInput(
      'body',
      `此类文书必须载明：${missing.map((p) => `${PLACEHOLDERS[p]}（{{${p}}}）`).join('、')}`,
      `this kind of document must contain ${missing.map((p) => `{{${p}}}`).join(', ')}`,
    );
}

/** The template filled in: its paragraphs, each a list of text runs (a value is never markup). */
export function fillTemplate(body: string, values: DocumentValues): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(PLACEHOLDER, (_, name: string) => values[name as Placeholder] ?? ''));
}

/** Which documents a case prints: only once it is decided (a case in review prints nothing). */
export function documentsOf(c: {
  status: CaseStatus;
  outcome: Tier | null;
  itemRequiresCommitment: boolean;
  /** The stored decision's grounds and penalties (the case page and the server read the same). */
  decision?: { grounds?: readonly string[]; penalties?: readonly string[] } | null;
}): DocumentKind[] {
  if ((c.status !== CaseStatus.DECIDED && c.status !== CaseStatus.CLOSED) || !c.outcome) return [];
  // The fine awaits a refusal to correct that has not been found (拒不改正的，处…罚款): only the
  // order to correct is issued. A 不予行政处罚决定书 would close a case that a refusal after the
  // deadline must still be able to fine.
  if (c.decision?.grounds?.includes('ORDER_TO_CORRECT')) return [DocumentKind.CORRECTION_ORDER];
  // A penalty imposed with no penalty tier (食品安全法 Art. 136: "可以免予处罚，但应当依法没收…") is
  // ordered by a 行政处罚决定书: 没收 is itself a penalty (行政处罚法 Art. 9).
  const punished = c.outcome !== Tier.NONE || (c.decision?.penalties?.length ?? 0) > 0;
  return [
    punished ? DocumentKind.PENALTY_DECISION : DocumentKind.NO_PENALTY_DECISION,
    DocumentKind.CORRECTION_ORDER,
    ...(c.itemRequiresCommitment ? [DocumentKind.COMMITMENT_LETTER] : []),
  ];
}

/*
 * Follow-through 免罚不免责: a lenient decision orders correction within a period and a visit
 * 回访 checks it. The periods are the usual ones of the lists' 处理方式 (责令限期改正, commonly
 * 15 days; a visit within a month of the decision); the officer can move both dates.
 */
export const CORRECTION_DAYS = 15;
export const VISIT_DAYS = 30;

/** The correction deadline and visit date a decided lenient case gets, or null (not lenient). */
export function followUpSchedule(c: {
  status: CaseStatus;
  outcome: Tier | null;
  itemKind: LeniencyKind | null;
  decisionDate: string | null;
}): { correctionDeadline: string; dueDate: string } | null {
  if (c.status !== CaseStatus.DECIDED && c.status !== CaseStatus.CLOSED) return null;
  if (!c.decisionDate || !c.outcome || !c.itemKind) return null;
  if (c.outcome !== Tier.NONE && c.outcome !== Tier.MITIGATED && c.outcome !== Tier.LIGHTER) return null;
  return {
    correctionDeadline: addDays(c.decisionDate, CORRECTION_DAYS),
    dueDate: addDays(c.decisionDate, VISIT_DAYS),
  };
}

/** A visit still to make whose date has passed. */
export const isOverdue = (v: { dueDate: string; doneDate?: string | null }, today: string) =>
  !v.doneDate && v.dueDate < today;

// 行政复议法 (2023) Art. 20 ¶1: 自知道或者应当知道该行政行为之日起六十日内提出行政复议申请;
// Art. 24 ¶1 (一): the 本级人民政府 reviews what its 工作部门 decide (the 2023 revision ended the
// choice of the department one level up); Art. 27: 海关、金融、外汇管理等实行垂直领导的行政机关、税务和
// 国家安全机关 are reviewed by the authority one level up.
// 行政诉讼法 Art. 46 ¶1: 直接向人民法院提起诉讼的，应当自知道或者应当知道作出行政行为之日起六个月内提出.
// The department may name its 复议机关 itself (Department.reviewBody): a people's government is
// the Art. 24 body, any other the authority one level up (Art. 27).
export function remediesText(agency: string, reviewBody: string | null): string {
  const named = reviewBody?.trim();
  const vertical = VERTICAL_AGENCY.exec(agency)?.[0];
  const body =
    named || (vertical ? `上一级${vertical === '税务' ? '税务机关' : '主管部门'}` : '本级人民政府');
  const upward = named ? !/人民政府$/.test(named) : Boolean(vertical);
  const article = upward ? '第二十条、第二十七条' : '第二十条、第二十四条';
  return (
    `当事人如不服本决定，可以自收到本决定书之日起六十日内向${body}申请行政复议` +
    `（《中华人民共和国行政复议法》${article}），也可以自收到本决定书之日起六个月内依法向人民法院提起行政诉讼` +
    `（《中华人民共和国行政诉讼法》第四十六条）。`
  );
}

/**
 * Agencies under vertical leadership whose decisions the authority one level up reviews (Art. 27).
 * A local government's own 地方金融 bureau is not one: that government reviews it (Art. 24).
 */
const VERTICAL_AGENCY = /税务|海关|国家安全|外汇|(?<!地方)金融|银行|证监|保险监督|国家统计|气象/;

// 行政处罚法 Art. 67 ¶3: 当事人应当自收到行政处罚决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款;
// Art. 72 (1): 到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款.
export function performanceText(fine: string | null, otherPenalties = true): string {
  const pay = fine
    ? `当事人应当自收到本决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款${fine}（《中华人民共和国行政处罚法》第六十七条）；到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款（同法第七十二条）。`
    : '';
  // Other penalties are said only where some are imposed beside the fine; without a fine the
  // decision's penalties are all "other", and the decision takes effect on service.
  const other = !fine
    ? '本决定自送达之日起执行。'
    : otherPenalties
      ? '其他处罚自本决定书送达之日起执行。'
      : '';
  return pay + other;
}

/** The templates used where a manager has written none (and the seeds of the demo's). */
export const DEFAULT_TEMPLATES: Record<DocumentKind, { title: string; body: string }> = {
  PENALTY_DECISION: {
    title: '行政处罚决定书',
    body: [
      '{{agency}}',
      '行政处罚决定书',
      '{{caseNumber}}',
      '当事人：{{partyName}}',
      '统一社会信用代码：{{creditCode}}　法定代表人：{{legalRepresentative}}',
      '地址：{{partyAddress}}',
      '一、违法事实：{{facts}}',
      '二、证据：{{evidence}}',
      '三、违法依据：{{violatedProvision}}',
      '四、处罚依据：{{penaltyProvision}}',
      '五、裁量理由：{{discretion}}',
      '六、处罚种类和幅度：本机关决定对当事人{{penalty}}。',
      '七、履行方式和期限：{{performance}}',
      '八、救济途径和期限：{{remedies}}',
      '九、其他事项：{{education}}',
      '{{agency}}（印章）',
      '{{decisionDate}}',
    ].join('\n'),
  },
  NO_PENALTY_DECISION: {
    title: '不予行政处罚决定书',
    body: [
      '{{agency}}',
      '不予行政处罚决定书',
      '{{caseNumber}}',
      '当事人：{{partyName}}',
      '统一社会信用代码：{{creditCode}}　法定代表人：{{legalRepresentative}}',
      '地址：{{partyAddress}}',
      '一、违法事实：{{facts}}',
      '二、证据：{{evidence}}',
      '三、违法依据：{{violatedProvision}}',
      '四、不予处罚的理由和依据：{{noPenaltyBasis}}',
      '五、本机关决定对当事人不予行政处罚。',
      '六、教育及其他措施：{{education}}',
      '七、救济途径和期限：{{remedies}}',
      '{{agency}}（印章）',
      '{{decisionDate}}',
    ].join('\n'),
  },
  CORRECTION_ORDER: {
    title: '责令改正通知书',
    body: [
      '{{agency}}',
      '责令改正通知书',
      '{{caseNumber}}',
      '{{partyName}}：',
      '经查，{{facts}}',
      '上述行为违反了{{violatedProvision}}。依据《中华人民共和国行政处罚法》第二十八条第一款，本机关责令你单位：{{correction}}',
      '改正期限：{{correctionDeadline}}前改正完毕，并将改正情况书面报告本机关。本机关将进行回访。逾期不改正的，本机关将依法处理。',
      '{{agency}}（印章）',
      '{{decisionDate}}',
    ].join('\n'),
  },
  COMMITMENT_LETTER: {
    title: '告知承诺书',
    body: [
      '告知承诺书',
      '{{caseNumber}}',
      '{{agency}}：',
      '本单位{{partyName}}（统一社会信用代码：{{creditCode}}）已知悉{{offence}}违反{{violatedProvision}}，并已了解贵机关依法作出的处理决定。本单位郑重承诺：',
      '{{commitments}}',
      '本单位将于{{correctionDeadline}}前改正完毕，接受贵机关回访和社会监督；如违反承诺，愿承担相应法律责任。',
      '承诺单位（盖章）：{{partyName}}　法定代表人（签字）：',
      '日期：　　年　　月　　日',
    ].join('\n'),
  },
};
