import type { EntityManager } from '@mikro-orm/core';
import {
  ConditionMatch,
  FineKind,
  Harm,
  LeniencyKind,
  ListStatus,
  LookbackKind,
  NoFaultRule,
} from '../domain/enums';
import { SINCE_RECORDS } from '../domain/dates';
import { InvalidInput } from '../domain/errors';
import { KIND_ZH } from '../domain/leniency';
import { assertItemWithinLaw, lookbackZh } from '../domain/lists';
import { toCents } from '../domain/money';
import { assertVersionConsistent, offenceFineToday } from '../domain/offence-versions';
import type { OffenceVersionRule } from '../domain/offence';
import * as E from '../db/entities';
import { zhOf } from '../domain/labels';
import { parseFineClause, type FineClause } from './fine-clause';
import { kindFromText, parseItemConditions, parseMeasures } from './item-conditions';
import { bestByName, normaliseTitle, provisionKeys, similarity } from './match';
import { parseNumber } from './numerals';
import { RowAction, reject, type ImportOptions, type Importer, type Planned, type PlanRow } from './plan';
import type { TableRecord, TableSpec } from './table';
import { enumFrom, parseDate, parseYesNo } from './values';

const HARM_ZH = zhOf('Harm');

/*
 * A list version 免罚轻罚清单 with its items (DOMAIN.md, "Lists"). Each row is matched to a
 * catalogue offence by its provisions and title, or proposes a new offence where none matches
 * (its fine read from the 处罚依据 text); its 适用条件 are read into conditions, harm, correction
 * and the first-offence window; the item is checked against 行政处罚法 Art. 33 as the admin
 * checks it (assertItemWithinLaw). The version is written as a DRAFT: publishing stays the
 * manager's separate, audited step.
 */

export const LIST_SPEC: TableSpec = {
  number: { labels: ['序号', '编号', '事项编号', '清单编号', '项目编号'] },
  department: {
    labels: [
      '执法部门',
      '实施主体',
      '执法主体',
      '实施部门',
      '执法机关',
      '行政执法部门',
      '职能部门',
      '部门',
      '实施机关',
      '执法单位',
    ],
  },
  field: { labels: ['领域', '执法领域', '监管领域', '行业领域', '所属领域', '类别', '事项类别'] },
  title: {
    labels: [
      '违法行为',
      '违法行为名称',
      '事项名称',
      '违法事项',
      '违法行为表现',
      '违法情形',
      '行为名称',
      '轻微违法行为',
      '违法行为（列举）',
    ],
    required: true,
  },
  offenceCode: { labels: ['违法行为编码', '事项编码', '编码'] },
  violatedProvision: {
    labels: ['违法依据', '违反条款', '违反的法律条款', '违法条款', '违反依据', '违反的规定'],
  },
  penaltyProvision: { labels: ['处罚依据', '处罚条款', '法律依据', '法律法规依据', '依据', '法 律 依 据'] },
  kind: {
    labels: ['类型', '清单类型', '事项类型', '裁量等级', '处罚基准', '免罚轻罚类型', '适用类型', '处理结果'],
  },
  conditions: {
    labels: [
      '适用条件',
      '不予处罚的情节',
      '不予处罚情形',
      '不予处罚的情形',
      '不予处罚条件',
      '适用情形',
      '适用情节',
      '违法情节',
      '情形',
      '首违不罚的情形',
      '首违不罚情形',
      '从轻处罚情形',
      '减轻处罚情形',
      '条件',
      '免罚条件',
      '适用标准',
    ],
    required: true,
  },
  conditionList: { labels: ['逐项条件'] },
  conditionMatch: { labels: ['条件关系'] },
  window: { labels: ['首违期间', '首次违法认定期间'] },
  lookbackMonths: { labels: ['回溯月数'] },
  maxHarm: { labels: ['危害后果上限', '允许的危害后果'] },
  requiresCorrection: { labels: ['须及时改正', '是否须改正'] },
  measures: {
    labels: [
      '处理方式',
      '处理措施',
      '配套措施',
      '措施',
      '管理措施',
      '其他措施',
      '纠错措施',
      '教育措施',
      '监管措施',
    ],
  },
  note: { labels: ['备注', '说明'] },
};

const MATCH_ZH: Record<ConditionMatch, string> = { ALL: '全部满足', ANY: '满足其一' };
const HARM_WORDS: Record<Harm, readonly string[]> = {
  NONE: [HARM_ZH.NONE, '无危害后果', '没有造成危害后果'],
  MINOR: [HARM_ZH.MINOR, '危害后果轻微'],
  GENERAL: [HARM_ZH.GENERAL],
  SERIOUS: [HARM_ZH.SERIOUS],
};
/** The highest harm an item of each kind may allow without a word in its conditions (Art. 33). */
const HARM_CEILING: Record<LeniencyKind, Harm> = {
  NO_PENALTY: Harm.NONE,
  FIRST_OFFENCE_NO_PENALTY: Harm.MINOR,
  LIGHTER: Harm.GENERAL,
  MITIGATED: Harm.GENERAL,
  NO_COERCIVE_MEASURE: Harm.MINOR,
};

/** 首违期间 as written by the export and typed by people: 24个月, 同一自然年度, 首次被发现. */
export function windowFromText(text: string): { kind: LookbackKind; months: number | null } | null {
  const t = text.trim();
  if (!t) return null;
  if (/^(EVER|首次被发现|此前从未被查处|从未)/i.test(t) || /首次被发现/.test(t))
    return { kind: LookbackKind.EVER, months: null };
  if (/^(不适用|无|—|-)$/.test(t)) return { kind: LookbackKind.MONTHS, months: null };
  if (/^CALENDAR_YEAR$/i.test(t) || /自然年度|公历年度/.test(t))
    return { kind: LookbackKind.CALENDAR_YEAR, months: null };
  const m = /^([0-9一二两三四五六七八九十]+)\s*(个月|月|年)?/.exec(t);
  if (m) {
    const n = parseNumber(m[1]);
    if (n && n > 0) return { kind: LookbackKind.MONTHS, months: m[2] === '年' ? n * 12 : n };
  }
  return null;
}

export const windowText = (kind: LookbackKind, months: number | null) =>
  kind === LookbackKind.MONTHS
    ? months
      ? `${months}个月`
      : '不适用'
    : lookbackZh({ lookbackKind: kind, lookbackMonths: months });

interface NewOffence {
  key: string;
  code: string;
  title: string;
  departmentId: number;
  violatedProvision: string;
  penaltyProvision: string;
  fine: FineClause;
}

export interface ItemPayload {
  number: number;
  offenceId: number | null;
  newOffence: NewOffence | null;
  kind: LeniencyKind;
  conditions: string;
  conditionList: string[];
  conditionMatch: ConditionMatch;
  lookbackKind: LookbackKind;
  lookbackMonths: number | null;
  maxHarm: Harm;
  requiresCorrection: boolean;
  measures: string[];
  note: string | null;
}

interface OffenceRow {
  id: number;
  code: string;
  title: string;
  departmentId: number;
  keys: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export class ListImporter implements Importer<ItemPayload> {
  spec = LIST_SPEC;
  keepsPayloads = true;
  notesZh: string[] = [];
  notesEn: string[] = [];
  private offences: OffenceRow[] = [];
  private departments: { id: number; name: string; code: string }[] = [];
  private existing = new Map<number, ItemPayload>();
  private numbers = new Set<number>();
  private proposed = new Map<string, NewOffence>();
  private nextCode = new Map<string, number>();
  private series: E.LeniencyListSeries | null = null;
  private draft: E.LeniencyList | null = null;
  private title = '';

  constructor(private readonly options: ImportOptions) {}

  async prepare(em: EntityManager, layout: { title: string | null }): Promise<void> {
    const o = this.options;
    this.notesZh = [];
    this.notesEn = [];
    this.numbers.clear();
    this.proposed.clear();
    this.existing.clear();
    for (const [field, zh] of [
      ['series', '清单系列'],
      ['version', '版本号'],
      ['effectiveFrom', '施行日期'],
    ] as const)
      if (!o[field]?.trim())
        throw new InvalidInput(field, `请填写${zh}`, `${field} is required to import a list version`);
    if (!parseDate(o.effectiveFrom!))
      throw new InvalidInput('effectiveFrom', '日期格式应为YYYY-MM-DD', 'must be YYYY-MM-DD');
    if (o.effectiveTo && !parseDate(o.effectiveTo))
      throw new InvalidInput('effectiveTo', '日期格式应为YYYY-MM-DD', 'must be YYYY-MM-DD');
    this.title = o.title?.trim() || layout.title || `${o.series}（${o.version}版）`;
    this.departments = (await em.find(E.Department, {})).map((d) => ({
      id: d.id,
      name: d.name,
      code: d.code,
    }));
    const offences = await em.find(E.Offence, {});
    this.offences = offences.map((x) => ({
      id: x.id,
      code: x.code,
      title: x.title,
      departmentId: x.department.id,
      keys: provisionKeys(`${x.violatedProvision} ${x.penaltyProvision}`),
    }));
    for (const x of offences) {
      const m = /^(.*)-(\d+)$/.exec(x.code);
      if (m) this.nextCode.set(m[1], Math.max(this.nextCode.get(m[1]) ?? 0, Number(m[2])));
    }
    this.series = await em.findOne(E.LeniencyListSeries, { name: o.series!.trim() });
    if (!this.series) {
      this.notesZh.push(`将新建清单系列“${o.series}”`);
      this.notesEn.push(`a new list series "${o.series}" will be created`);
    }
    this.draft = this.series
      ? await em.findOne(E.LeniencyList, { series: this.series, version: o.version!.trim() })
      : null;
    if (this.draft && this.draft.status !== ListStatus.DRAFT)
      throw new InvalidInput(
        'version',
        `${o.series}${o.version}版已发布，不能通过导入改写；请使用新的版本号`,
        `version ${o.version} of ${o.series} is published and cannot be rewritten by an import: use a new version number`,
      );
    if (this.draft) {
      this.notesZh.push(`将以文件内容替换草稿${o.version}版的全部事项`);
      this.notesEn.push(`the items of draft version ${o.version} will be replaced by the file's`);
      const items = await em.find(E.LeniencyItem, { list: this.draft }, { orderBy: { number: 'asc' } });
      const conditions = await em.find(
        E.LeniencyItemCondition,
        { item: { list: this.draft } },
        { orderBy: { number: 'asc' } },
      );
      for (const i of items)
        this.existing.set(i.number, {
          number: i.number,
          offenceId: i.offence.id,
          newOffence: null,
          kind: i.kind,
          conditions: i.conditions,
          conditionList: conditions.filter((c) => c.item.id === i.id).map((c) => c.text),
          conditionMatch: i.conditionMatch,
          lookbackKind: i.lookbackKind,
          lookbackMonths: i.lookbackMonths ?? null,
          maxHarm: i.maxHarm,
          requiresCorrection: i.requiresCorrection,
          measures: i.measures,
          note: i.note ?? null,
        });
    } else {
      this.notesZh.push(`将新建草稿版本：${this.title}（${o.effectiveFrom}起施行），发布前不适用于案件`);
      this.notesEn.push(
        `a new draft version will be created: ${this.title} (from ${o.effectiveFrom}); it decides no case until published`,
      );
    }
  }

  plan(_em: EntityManager, batch: TableRecord[]): Promise<Planned<ItemPayload>[]> {
    return Promise.resolve(batch.map((r) => this.planRow(r)));
  }

  private planRow(r: TableRecord): Planned<ItemPayload> {
    const v = r.values;
    const zh: string[] = [];
    const en: string[] = [];
    const base = { sheet: r.sheet, line: r.line, target: v.title.slice(0, 80) };
    const no = (z: string, e: string): Planned<ItemPayload> => ({ row: { ...base, ...reject(z, e) } });
    if (!v.title) return no('违法行为为空', 'the offence (违法行为) is empty');
    // 序号: a number, or the next one.
    const number = v.number
      ? parseNumber(v.number.replace(/[.、．]$/, ''))
      : Math.max(0, ...this.numbers) + 1;
    if (number === null || !Number.isInteger(number) || number < 1)
      return no(`序号“${v.number}”不是正整数`, `序号 "${v.number}" is not a positive whole number`);
    if (this.numbers.has(number))
      return no(`序号${number}在文件中重复`, `序号 ${number} appears twice in the file`);
    this.numbers.add(number);
    base.target = `第${number}项 ${v.title.slice(0, 60)}`;

    // The kind: its column, else the section heading, else read from the conditions (said so).
    const reading = parseItemConditions(v.conditions);
    // The product's own words (as exported) are taken as they are; a list's looser wording is read.
    const exact = v.kind ? enumFrom(v.kind, KIND_ZH) : null;
    let kind = exact ?? ((v.kind && kindFromText(v.kind)) || (r.section ? kindFromText(r.section) : null));
    if (v.kind && !kind)
      return no(
        `类型“${v.kind}”无法识别（应为不予处罚、首违不罚、从轻处罚、减轻处罚或不予实施行政强制措施）`,
        `the kind "${v.kind}" is not one of the five kinds`,
      );
    if (!kind) {
      kind = reading.firstOffence ? LeniencyKind.FIRST_OFFENCE_NO_PENALTY : LeniencyKind.NO_PENALTY;
      zh.push(`文件未写明类型，按适用条件认定为${KIND_ZH[kind]}`);
      en.push(`no kind given: read from the conditions as ${kind}`);
    } else if (!exact && kind === LeniencyKind.NO_PENALTY && reading.firstOffence) {
      kind = LeniencyKind.FIRST_OFFENCE_NO_PENALTY;
      zh.push('以首次违法为条件的不予处罚属首违不罚（行政处罚法第三十三条第一款第二句）');
      en.push(
        'a no-penalty item conditioned on a first offence is FIRST_OFFENCE_NO_PENALTY (Art. 33 ¶1 s.2)',
      );
    }

    // Conditions: explicit columns (as exported) win over what the text reads.
    // A 逐项条件 column (as the export writes it) is the list itself, even where it is empty.
    const conditionList =
      'conditionList' in v
        ? v.conditionList
            .split('\n')
            .map((c) => c.trim())
            .filter(Boolean)
        : reading.conditions;
    const conditionMatch = v.conditionMatch ? enumFrom(v.conditionMatch, MATCH_ZH) : reading.conditionMatch;
    if (!conditionMatch)
      return no(`条件关系“${v.conditionMatch}”应为全部满足或满足其一`, `条件关系 must be ALL or ANY`);
    let lookbackKind = reading.lookbackKind;
    let lookbackMonths = reading.lookbackMonths;
    const explicitWindow = v.window ? windowFromText(v.window) : null;
    if (v.window && !explicitWindow)
      return no(
        `首违期间“${v.window}”无法识别（如24个月、同一自然年度、首次被发现）`,
        `首违期间 "${v.window}" is not a window`,
      );
    if (explicitWindow) [lookbackKind, lookbackMonths] = [explicitWindow.kind, explicitWindow.months];
    else if (
      kind === LeniencyKind.FIRST_OFFENCE_NO_PENALTY &&
      lookbackKind === LookbackKind.MONTHS &&
      !lookbackMonths
    ) {
      const chosen = this.options.firstOffenceWindow ? windowFromText(this.options.firstOffenceWindow) : null;
      if (!chosen)
        return no(
          `适用条件“${v.conditions}”未写明首次违法的计算期间；请在文件中写明（如“两年内首次”），或在导入时选择默认首违期间`,
          `the conditions do not say over what period the offence must be the first: state it in the file or choose a default window for the import`,
        );
      [lookbackKind, lookbackMonths] = [chosen.kind, chosen.months];
      zh.push(`首违期间按导入时选定的“${windowText(chosen.kind, chosen.months)}”`);
      en.push(`first-offence window as chosen for the import: ${chosen.kind} ${chosen.months ?? ''}`.trim());
    } else if (!reading.firstOffence) lookbackMonths = null;
    // The stored months as exported (kept even where the window is not counted in months).
    if ('lookbackMonths' in v && explicitWindow) {
      const months = v.lookbackMonths ? parseNumber(v.lookbackMonths) : null;
      if (v.lookbackMonths && (months === null || !Number.isInteger(months)))
        return no(
          `回溯月数“${v.lookbackMonths}”不是整数`,
          `回溯月数 "${v.lookbackMonths}" is not a whole number`,
        );
      lookbackMonths = months;
    }
    let maxHarm = v.maxHarm ? enumFrom(v.maxHarm, HARM_WORDS) : reading.maxHarm;
    if (v.maxHarm && !maxHarm)
      return no(`危害后果上限“${v.maxHarm}”无法识别`, `maxHarm "${v.maxHarm}" is not a harm level`);
    if (!maxHarm) {
      maxHarm = HARM_CEILING[kind];
      zh.push(`适用条件未写明危害后果，按${KIND_ZH[kind]}的法定上限取“${HARM_ZH[maxHarm]}”`);
      en.push(`the conditions say nothing of harm: the legal ceiling of the kind applies (${maxHarm})`);
    }
    const requiresCorrection = v.requiresCorrection
      ? parseYesNo(v.requiresCorrection)
      : reading.requiresCorrection;
    if (requiresCorrection === null)
      return no(`须及时改正“${v.requiresCorrection}”应为是或否`, 'requiresCorrection must be yes or no');
    // 行政处罚法 Art. 33: the same check as the admin's (an item promising more is refused).
    try {
      assertItemWithinLaw({ kind, maxHarm, requiresCorrection, lookbackKind, lookbackMonths });
    } catch (error) {
      if (error instanceof InvalidInput) return no(`${error.zh}（适用条件：“${v.conditions}”）`, error.en);
      throw error;
    }
    for (const n of reading.notes.filter((n) => !/危害后果|计算期间/.test(n))) zh.push(n);

    // The offence: by code, by title, by provisions and a similar title, else a new one.
    const offence = this.matchOffence(v, zh, en);
    if ('reject' in offence)
      return {
        row: {
          ...base,
          action: RowAction.REJECT,
          reasonsZh: [...zh, offence.reject[0]],
          reasonsEn: [...en, offence.reject[1]],
        },
      };
    const payload: ItemPayload = {
      number,
      offenceId: offence.id,
      newOffence: offence.proposed,
      kind,
      conditions: v.conditions,
      conditionList,
      conditionMatch,
      lookbackKind,
      lookbackMonths,
      maxHarm,
      requiresCorrection,
      measures: parseMeasures(v.measures ?? ''),
      note: v.note || null,
    };
    if (!payload.measures.length && kind !== LeniencyKind.NO_COERCIVE_MEASURE) {
      zh.push('未写明处理方式：免罚不免责，请补充责令改正、批评教育等措施');
      en.push('no measures given: a lenient item still lists correction and education');
    }
    const before = this.existing.get(number);
    const action = !before
      ? RowAction.CREATE
      : same({ ...before, newOffence: null }, { ...payload, newOffence: null })
        ? RowAction.MATCH
        : RowAction.CHANGE;
    if (action === RowAction.CHANGE) {
      const changed = Object.keys(payload).filter(
        (k) => !same(before![k as keyof ItemPayload], payload[k as keyof ItemPayload]),
      );
      zh.push(`草稿中第${number}项将改变：${changed.join('、')}`);
      en.push(`item ${number} of the draft changes: ${changed.join(', ')}`);
    }
    zh.unshift(
      `${KIND_ZH[kind]}；${conditionList.length}项具体条件（${MATCH_ZH[conditionMatch]}）${lookbackKind !== LookbackKind.MONTHS || lookbackMonths ? `；首违期间：${windowText(lookbackKind, lookbackMonths)}` : ''}`,
    );
    en.unshift(
      `${kind}; ${conditionList.length} condition(s) (${conditionMatch})${lookbackMonths || lookbackKind !== LookbackKind.MONTHS ? `; window ${lookbackKind} ${lookbackMonths ?? ''}` : ''}`,
    );
    const row: PlanRow = { ...base, action, reasonsZh: zh, reasonsEn: en };
    return { row, payload };
  }

  private department(v: Record<string, string>): { id: number; code: string } | null {
    const name = v.department || '';
    const found = name ? bestByName(name, this.departments) : null;
    if (found) return found;
    const code = this.options.department;
    return code ? (this.departments.find((d) => d.code === code) ?? null) : null;
  }

  private matchOffence(
    v: Record<string, string>,
    zh: string[],
    en: string[],
  ): { id: number | null; proposed: NewOffence | null } | { reject: [string, string] } {
    if (v.offenceCode) {
      const byCode = this.offences.find((o) => o.code === v.offenceCode.trim());
      if (byCode) {
        zh.push(`违法行为按编码匹配：${byCode.code} ${byCode.title}`);
        en.push(`offence matched by code ${byCode.code}`);
        return { id: byCode.id, proposed: null };
      }
    }
    const title = normaliseTitle(v.title);
    const keys = provisionKeys(`${v.violatedProvision ?? ''} ${v.penaltyProvision ?? ''}`);
    const dept = this.department(v);
    const byTitle = this.offences.filter((o) => normaliseTitle(o.title) === title);
    const pick = byTitle.find((o) => !dept || o.departmentId === dept.id) ?? byTitle[0];
    if (pick) {
      zh.push(`违法行为按名称匹配：${pick.code}`);
      en.push(`offence matched by title: ${pick.code}`);
      return { id: pick.id, proposed: null };
    }
    let best: OffenceRow | null = null;
    let score = 0.45;
    for (const o of this.offences) {
      if (!keys.some((k) => o.keys.includes(k))) continue;
      const s = similarity(v.title, o.title);
      if (s > score) [best, score] = [o, s];
    }
    if (best) {
      zh.push(
        `违法行为按条款和名称匹配：${best.code} ${best.title}（名称相似度${Math.round(score * 100)}%）`,
      );
      en.push(`offence matched by provision and a similar title: ${best.code} (${Math.round(score * 100)}%)`);
      return { id: best.id, proposed: null };
    }
    // None matches: propose a new catalogue offence, with the fine its clause states.
    const key = `${dept?.id ?? ''}|${title}`;
    const already = this.proposed.get(key);
    if (already) {
      zh.push(`与本文件中另一行共用新违法行为 ${already.code}`);
      en.push(`shares the new offence ${already.code} proposed by another row`);
      return { id: null, proposed: already };
    }
    if (!dept)
      return {
        reject: [
          `目录中没有匹配的违法行为，新建需要执法部门：执法部门“${v.department ?? ''}”无法识别，请写明部门或在导入时选择部门`,
          'no catalogue offence matches, and a new one needs a department: name it in the row or choose one for the import',
        ],
      };
    const clauseText = v.penaltyProvision ?? '';
    const reading = parseFineClause(clauseText);
    if (
      !reading.clause ||
      (reading.clause.fineKind === FineKind.FIXED &&
        reading.clause.fineMax === null &&
        !reading.clause.penaltyKinds.length)
    )
      return {
        reject: [
          `目录中没有匹配的违法行为，且处罚依据中读不出罚款幅度：“${reading.unread.join('；') || clauseText || '（空）'}”。请在处罚依据中写明罚则原文，或先在违法行为目录中建立该违法行为`,
          'no catalogue offence matches and the penalty provision states no readable fine: quote the clause, or add the offence to the catalogue first',
        ],
      };
    const rule = clauseToVersion(reading.clause, clauseText);
    try {
      assertVersionConsistent(rule);
    } catch (error) {
      if (error instanceof InvalidInput)
        return { reject: [`处罚依据读出的罚则不成立：${error.zh}`, error.en] };
      throw error;
    }
    const n = (this.nextCode.get(dept.code) ?? 0) + 1;
    this.nextCode.set(dept.code, n);
    const proposed: NewOffence = {
      key,
      code: `${dept.code}-${String(n).padStart(3, '0')}`,
      title: v.title,
      departmentId: dept.id,
      violatedProvision: v.violatedProvision || '',
      penaltyProvision: clauseText,
      fine: reading.clause,
    };
    this.proposed.set(key, proposed);
    zh.push(`目录中没有匹配的违法行为，将新建 ${proposed.code}：${describeFine(reading.clause)}`);
    en.push(`no catalogue offence matches: a new offence ${proposed.code} will be created`);
    if (reading.unread.length) {
      zh.push(`处罚依据中未能读取的部分：“${reading.unread.join('；')}”`);
      en.push(`parts of the penalty provision not read: ${reading.unread.join('; ')}`);
    }
    return { id: null, proposed };
  }

  async finish(
    em: EntityManager,
    all: Planned<ItemPayload>[],
  ): Promise<{ entityType: string; entityId: number }> {
    const o = this.options;
    const series =
      this.series ??
      em.create(E.LeniencyListSeries, { name: o.series!.trim(), issuer: o.issuer ?? null, field: null });
    let list = this.draft;
    if (list) {
      await em.nativeDelete(E.LeniencyItem, { list });
      em.assign(list, {
        title: this.title,
        issuer: o.issuer ?? list.issuer,
        effectiveFrom: o.effectiveFrom!,
        effectiveTo: o.effectiveTo || null,
      });
    } else
      list = em.create(E.LeniencyList, {
        series,
        version: o.version!.trim(),
        title: this.title,
        issuer: o.issuer ?? null,
        effectiveFrom: parseDate(o.effectiveFrom!)!,
        effectiveTo: o.effectiveTo ? parseDate(o.effectiveTo) : null,
        status: ListStatus.DRAFT,
      });
    const created = new Map<string, E.Offence>();
    for (const { payload: p } of all) {
      if (!p) continue;
      let offence: E.Offence;
      if (p.newOffence) {
        offence = created.get(p.newOffence.key) ?? createOffence(em, p.newOffence);
        created.set(p.newOffence.key, offence);
      } else offence = em.getReference(E.Offence, p.offenceId!);
      const item = em.create(E.LeniencyItem, {
        list,
        number: p.number,
        offence,
        kind: p.kind,
        conditions: p.conditions,
        conditionMatch: p.conditionMatch,
        lookbackKind: p.lookbackKind,
        lookbackMonths: p.lookbackMonths,
        maxHarm: p.maxHarm,
        requiresCorrection: p.requiresCorrection,
        measures: p.measures,
        note: p.note,
      });
      p.conditionList.forEach((text, i) => em.create(E.LeniencyItemCondition, { item, number: i + 1, text }));
    }
    await em.flush();
    return { entityType: 'LeniencyList', entityId: list.id };
  }
}

/** A clause read from text as the version a manager would enter (fen and hundredths). */
export function clauseToVersion(c: FineClause, citation: string): Omit<OffenceVersionRule, 'id'> {
  const fen = (y: number | null) => (y === null ? null : toCents(y, 'penaltyProvision'));
  const hundredths = (x: number | null) => (x === null ? null : Math.round(x * 100));
  const multiple = c.fineKind === FineKind.MULTIPLE;
  return {
    effectiveFrom: SINCE_RECORDS,
    effectiveTo: null,
    citation: citation.slice(0, 2000) || null,
    penaltyKinds: c.penaltyKinds,
    fineKind: c.fineKind,
    fineMin: fen(c.fineMin),
    fineMax: fen(c.fineMax),
    fineBasis: c.fineBasis,
    multipleMin: hundredths(c.multipleMin),
    multipleMax: hundredths(c.multipleMax),
    fallbackMin: fen(c.fallbackMin),
    fallbackMax: fen(c.fallbackMax),
    fallbackBelow: fen(c.fallbackBelow),
    fineWhen: c.fineWhen,
    fineDiscretionary: c.fineDiscretionary,
    seriousMin: multiple ? hundredths(c.seriousMin) : fen(c.seriousMin),
    seriousMax: multiple ? hundredths(c.seriousMax) : fen(c.seriousMax),
    seriousPenaltyKinds: c.seriousPenaltyKinds,
    seriousDiscretionary: c.seriousDiscretionary,
    limitationYears: null,
    limitationCitation: null,
    noFaultRule: NoFaultRule.NO_PENALTY,
    noFaultCitation: null,
    noFaultPenaltyKinds: [],
  };
}

export function describeFine(c: FineClause): string {
  const parts: string[] = [];
  if (c.fineKind === FineKind.FIXED && c.fineMax !== null) parts.push(`罚款${c.fineMin}元至${c.fineMax}元`);
  if (c.fineKind === FineKind.MULTIPLE) parts.push(`罚款为计罚基数的${c.multipleMin}至${c.multipleMax}倍`);
  if (c.fallbackMax !== null) parts.push(`无基数或基数较小时${c.fallbackMin}元至${c.fallbackMax}元`);
  if (c.fineWhen === 'ON_REFUSAL_TO_CORRECT') parts.push('拒不改正的才罚款');
  if (c.seriousMax !== null) parts.push(`情节严重的${c.seriousMin}至${c.seriousMax}`);
  return parts.join('，') || '无罚款';
}

function createOffence(em: EntityManager, n: NewOffence): E.Offence {
  const version = clauseToVersion(n.fine, n.penaltyProvision);
  const today = offenceFineToday([{ ...version, id: 0 }])!;
  const offence = em.create(E.Offence, {
    code: n.code,
    department: em.getReference(E.Department, n.departmentId),
    title: n.title.slice(0, 300),
    violatedProvision: n.violatedProvision,
    penaltyProvision: n.penaltyProvision,
    ...today,
  });
  em.create(E.OffenceVersion, {
    offence,
    ...version,
    penaltyKinds: [...version.penaltyKinds],
    seriousPenaltyKinds: [...version.seriousPenaltyKinds],
    noFaultPenaltyKinds: [],
  });
  return offence;
}
