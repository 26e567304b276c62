import type { EntityManager } from '@mikro-orm/core';
import { CaseStatus, Harm, ListStatus, Tier } from '../domain/enums';
import { InvalidInput } from '../domain/errors';
import { inForce } from '../domain/dates';
import { LENIENT, TIER_ZH, reliefOf } from '../domain/leniency';
import { toCents } from '../domain/money';
import * as E from '../db/entities';
import { CaseStatsDelta, countsInStats } from '../db/case-stats';
import { sqlRows } from '../db/sql';
import { bulkInsertValues, deferIndexes, existing as existingRows } from './bulk';
import { CASE_STATUS_ZH, parseCaseNumber } from '../domain/case-review';
import { CORRECTION_DAYS, VISIT_DAYS } from '../domain/documents';
import { zhOf } from '../domain/labels';
import { bestByName, normaliseTitle } from './match';
import { RowAction, reject, type Importer, type Planned } from './plan';
import type { TableRecord, TableSpec } from './table';
import { enumFrom, isoDateOf, parseDate, parseYuan } from './values';

const HARM_ZH = zhOf('Harm');

/*
 * Historical cases 历史案件: records of decisions already made, kept as they were decided (the
 * outcome, fine and relief the file states; relief computed as DOMAIN.md defines it where the
 * file gives only the reference fine). They are not decided again: the rules of today did not
 * decide them. The enterprise must be in the register (import it first); the offence is found
 * by its code or title; the list item by "第N项" among the lists in force on the decision date.
 * A case number already recorded is matched when the record agrees and refused when it does not:
 * an import never rewrites a decided case. Volume: rows stream into the transaction in batches,
 * and what they add to the statistics is added in the same transaction.
 */

export const CASE_SPEC: TableSpec = {
  caseNumber: { labels: ['案件编号', '案号', '决定书文号', '处罚决定书文号', '文书编号'], required: true },
  enterpriseName: { labels: ['企业名称', '当事人', '当事人名称', '单位名称'] },
  creditCode: { labels: ['统一社会信用代码', '社会信用代码', '信用代码'], required: true },
  offenceCode: { labels: ['违法行为编码'] },
  offence: { labels: ['违法行为', '违法行为名称', '案由'], required: true },
  department: { labels: ['执法部门', '处罚机关', '实施主体'] },
  district: { labels: ['旗县区', '所属区域', '辖区'] },
  offenceDate: { labels: ['违法行为发生日期', '违法日期', '违法行为日期', '发生日期'], required: true },
  offenceEndDate: { labels: ['违法行为终了日期', '终了日期'] },
  discoveredDate: { labels: ['发现日期', '立案日期'] },
  decisionDate: { labels: ['决定日期', '处罚决定日期', '作出决定日期'] },
  harm: { labels: ['危害后果'] },
  corrected: { labels: ['是否改正', '及时改正'] },
  outcome: { labels: ['处理结果', '处罚结果', '裁量结果', '裁量阶次'] },
  item: { labels: ['适用清单事项', '清单事项'] },
  fine: { labels: ['罚款', '罚款金额', '罚没金额'] },
  referenceFine: { labels: ['参考罚款'] },
  relief: { labels: ['减免金额'] },
  status: { labels: ['状态', '案件状态'] },
};

const HARM_WORDS: Record<Harm, readonly string[]> = {
  NONE: [HARM_ZH.NONE, '无', '没有', '无危害后果', '没有危害后果'],
  MINOR: [HARM_ZH.MINOR],
  GENERAL: [HARM_ZH.GENERAL],
  SERIOUS: [HARM_ZH.SERIOUS],
};
const TIER_WORDS: Record<Tier, readonly string[]> = {
  NONE: [TIER_ZH.NONE, '不予行政处罚', '免予处罚'],
  MITIGATED: [TIER_ZH.MITIGATED, '减轻', '减轻处罚'],
  LIGHTER: [TIER_ZH.LIGHTER, '从轻', '从轻处罚'],
  STANDARD: [TIER_ZH.STANDARD, '一般', '一般处罚'],
  HEAVIER: [TIER_ZH.HEAVIER, '从重', '从重处罚'],
};

interface CaseRow {
  case_number: string;
  enterprise_id: number;
  offence_id: number;
  department_id: number;
  district_id: number;
  offence_date: string;
  offence_end_date: string | null;
  discovered_date: string | null;
  decision_date: string | null;
  harm: Harm;
  corrected: boolean;
  outcome: Tier | null;
  item_id: number | null;
  fine: number | null;
  reference_fine: number | null;
  relief: number | null;
  status: CaseStatus;
}

const CASE_FIELDS: (keyof CaseRow)[] = [
  'case_number',
  'enterprise_id',
  'offence_id',
  'department_id',
  'district_id',
  'offence_date',
  'offence_end_date',
  'discovered_date',
  'decision_date',
  'harm',
  'corrected',
  'outcome',
  'item_id',
  'fine',
  'reference_fine',
  'relief',
  'status',
];
/** What every imported case has alike (besides its timestamps, those of the import). */
const CASE_DEFAULTS = {
  no_fault_evidence: false,
  serious_circumstances: false,
  mitigating: '[]',
  aggravating: '[]',
  confirmed_conditions: '[]',
  version: 1,
};

const DATE_FIELDS = [
  ['offenceDate', '违法行为发生日期'],
  ['offenceEndDate', '违法行为终了日期'],
  ['discoveredDate', '发现日期'],
  ['decisionDate', '决定日期'],
] as const;
const MONEY_FIELDS = [
  ['fine', '罚款'],
  ['referenceFine', '参考罚款'],
  ['relief', '减免金额'],
] as const;

/**
 * The results of a pure function of a cell's text, kept per text (at most 50,000 of them, then
 * started afresh, so that a file of all-different texts stays bounded).
 */
class Memo<T> {
  private found = new Map<string, T>();
  constructor(private readonly find: (text: string) => T) {}
  get(text: string): T {
    let value = this.found.get(text);
    if (value === undefined && !this.found.has(text)) {
      value = this.find(text);
      if (this.found.size >= 50_000) this.found.clear();
      this.found.set(text, value);
    }
    return value as T;
  }
  clear(): void {
    this.found.clear();
  }
}

interface ItemRef {
  id: number;
  number: number;
  kind: string;
  offenceId: number;
  from: string;
  to: string | null;
}

export class CaseImporter implements Importer<CaseRow> {
  spec = CASE_SPEC;
  keepsPayloads = false;
  notesZh = ['历史案件按文件所载的处理结果和金额记录，不按现行规则重新决定'];
  notesEn = ['historical cases are recorded as decided in the file, not decided again under today’s rules'];
  private enterprises = new Map<string, { id: number; districtId: number | null }>();
  private offencesByCode = new Map<string, { id: number; departmentId: number }>();
  private offencesByTitle = new Map<string, { id: number; departmentId: number }[]>();
  private departments: { id: number; name: string }[] = [];
  private districts: { id: number; name: string; code: string }[] = [];
  private items: ItemRef[] = [];
  private itemKinds = new Map<number, string>();
  private seen = new Set<string>();
  /** department id → its case-number prefix; `department|year` → the highest number imported. */
  private series = new Map<number, string>();
  private counters = new Map<string, number>();
  /** The highest case id before the import: the cases above it are the ones brought in. */
  private lastIdBefore = 0;
  // Lookups and readings by the text of a cell: a file names the same few departments, dates,
  // words and amounts a million times.
  private offenceOf = new Memo((t) => this.offencesByTitle.get(normaliseTitle(t)) ?? []);
  private departmentOf = new Memo((t) => bestByName(t, this.departments));
  private districtOf = new Memo(
    (t) => this.districts.find((x) => x.code === t) ?? bestByName(t, this.districts),
  );
  private dateOf = new Memo(parseDate);
  private harmOf = new Memo((t) => enumFrom(t, HARM_WORDS));
  private outcomeOf = new Memo((t) => enumFrom(t, TIER_WORDS));
  private statusOf = new Memo((t) => enumFrom(t, CASE_STATUS_ZH));
  /** Fen, or null when the text is not an amount, or why the amount is refused. */
  private centsOf = new Memo((t): number | null | InvalidInput => {
    const yuan = parseYuan(t);
    if (yuan === null) return null;
    try {
      return toCents(yuan, 'amount');
    } catch (error) {
      if (error instanceof InvalidInput) return error;
      throw error;
    }
  });

  async prepare(em: EntityManager): Promise<void> {
    this.seen.clear();
    this.written = 0;
    this.stats = new CaseStatsDelta();
    this.followUps = 0;
    this.started = new Date();
    this.restoreIndexes = null;
    for (const m of [this.offenceOf, this.departmentOf, this.districtOf]) m.clear();
    this.enterprises.clear();
    for (const e of await sqlRows<{ id: number; credit_code: string; district_id: number | null }>(
      em,
      'select id, credit_code, district_id from enterprise',
    ))
      this.enterprises.set(e.credit_code, {
        id: Number(e.id),
        districtId: e.district_id === null ? null : Number(e.district_id),
      });
    this.offencesByTitle.clear();
    for (const o of await em.find(E.Offence, {})) {
      const ref = { id: o.id, departmentId: o.department.id };
      this.offencesByCode.set(o.code, ref);
      const key = normaliseTitle(o.title);
      this.offencesByTitle.set(key, [...(this.offencesByTitle.get(key) ?? []), ref]);
    }
    this.departments = (await em.find(E.Department, {})).map((d) => ({ id: d.id, name: d.name }));
    this.lastIdBefore = Number(
      (await sqlRows<{ last: number | null }>(em, 'select max(id) as last from penalty_case'))[0]?.last ?? 0,
    );
    // Each department's 文号 prefix (services/case-numbers.ts): its own, or its code and 罚.
    this.counters.clear();
    this.series.clear();
    for (const d of await sqlRows<{ id: number; case_number_prefix: string | null; code: string }>(
      em,
      'select id, case_number_prefix, code from department',
    ))
      this.series.set(Number(d.id), d.case_number_prefix?.trim() || `${d.code}罚`);
    this.districts = (await em.find(E.District, {})).map((d) => ({ id: d.id, name: d.name, code: d.code }));
    const lists = await em.find(E.LeniencyList, { status: { $ne: ListStatus.DRAFT } });
    const items = await em.find(E.LeniencyItem, { list: { $in: lists.map((l) => l.id) } });
    const byId = new Map(lists.map((l) => [l.id, l]));
    this.items = items.map((i) => ({
      id: i.id,
      number: i.number,
      kind: i.kind,
      offenceId: i.offence.id,
      from: byId.get(i.list.id)!.effectiveFrom,
      to: byId.get(i.list.id)!.effectiveTo ?? null,
    }));
    this.itemKinds = new Map(this.items.map((i) => [i.id, i.kind]));
  }

  async plan(em: EntityManager, batch: TableRecord[]): Promise<Planned<CaseRow>[]> {
    const numbers = batch.map((r) => r.values.caseNumber.trim()).filter(Boolean);
    type Existing = {
      case_number: string;
      enterprise_id: number;
      offence_id: number;
      decision_date: unknown;
      outcome: string | null;
      fine: number | null;
    };
    const existing = new Map<string, Existing>();
    for (const r of await existingRows<Existing>(
      em,
      'penalty_case',
      'case_number',
      'case_number, enterprise_id, offence_id, decision_date, outcome, fine',
      numbers,
    ))
      existing.set(r.case_number, r);
    return batch.map((r) => {
      const planned = this.planRow(r);
      const p = planned.payload;
      if (!p) return planned;
      const before = existing.get(p.case_number);
      // A case in 法制审核 exists only here: a file may show one (an export of this system), never
      // bring a new one in.
      if (!before && (p.status === CaseStatus.IN_REVIEW || p.status === CaseStatus.RETURNED))
        return {
          row: {
            ...planned.row,
            ...reject(
              `新案件的状态不能为“${CASE_STATUS_ZH[p.status]}”：法制审核在本系统中进行`,
              `a new case cannot come in as ${p.status}: legal review happens in this system`,
            ),
          },
        };
      if (!before) return planned;
      const agrees =
        Number(before.enterprise_id) === p.enterprise_id &&
        Number(before.offence_id) === p.offence_id &&
        isoDateOf(before.decision_date) === p.decision_date &&
        (before.outcome ?? null) === p.outcome &&
        (before.fine === null ? null : Number(before.fine)) === p.fine;
      return agrees
        ? {
            row: {
              ...planned.row,
              action: RowAction.MATCH,
              reasonsZh: ['案件已记录，内容一致'],
              reasonsEn: ['already recorded, the same'],
            },
          }
        : {
            row: {
              ...planned.row,
              ...reject(
                '案件编号已存在且内容不同：导入不改写已记录的案件',
                'the case number exists with other content: an import never rewrites a recorded case',
              ),
            },
          };
    });
  }

  private planRow(r: TableRecord): Planned<CaseRow> {
    const v = r.values;
    const caseNumber = v.caseNumber.trim();
    const base = { sheet: r.sheet, line: r.line, target: caseNumber || `第${r.line}行` };
    const no = (zh: string, en: string) => ({ row: { ...base, ...reject(zh, en) } });
    if (!caseNumber) return no('案件编号为空', 'the case number is empty');
    if (caseNumber.length > 50)
      return no('案件编号超过50个字符', 'the case number is longer than 50 characters');
    if (this.seen.has(caseNumber))
      return no('案件编号在文件中重复', 'the case number appears twice in the file');
    this.seen.add(caseNumber);
    const code = v.creditCode.trim().toUpperCase();
    const enterprise = this.enterprises.get(code);
    if (!enterprise)
      return no(
        `统一社会信用代码“${code}”不在企业名录中：请先导入企业`,
        `credit code "${code}" is not in the register: import the enterprises first`,
      );
    const byCode = v.offenceCode ? this.offencesByCode.get(v.offenceCode.trim()) : undefined;
    const byTitle = byCode ? [byCode] : this.offenceOf.get(v.offence);
    const department = v.department ? this.departmentOf.get(v.department) : null;
    if (v.department && !department)
      return no(`执法部门“${v.department}”无法识别`, `department "${v.department}" is not known`);
    const offence = byTitle.find((o) => !department || o.departmentId === department.id) ?? byTitle[0];
    if (!offence)
      return no(
        `违法行为“${v.offence}”不在违法行为目录中`,
        `the offence "${v.offence}" is not in the catalogue`,
      );
    let districtId = enterprise.districtId;
    if (v.district) {
      const d = this.districtOf.get(v.district);
      if (!d) return no(`旗县区“${v.district}”无法识别`, `district "${v.district}" is not known`);
      districtId = d.id;
    }
    if (districtId === null)
      return no(
        '旗县区为空，且企业名录中该企业没有旗县区',
        'no district, and the register has none for the enterprise',
      );
    const dates: Record<string, string | null> = {};
    for (const [field, zh] of DATE_FIELDS) {
      const text = v[field] ?? '';
      dates[field] = text ? this.dateOf.get(text) : null;
      if (text && !dates[field]) return no(`${zh}“${text}”不是有效日期`, `${field} "${text}" is not a date`);
    }
    if (!dates.offenceDate) return no('违法行为发生日期为空', 'offenceDate is empty');
    if (dates.decisionDate && dates.decisionDate < dates.offenceDate)
      return no('决定日期早于违法行为发生日期', 'the decision date is before the offence date');
    if (dates.discoveredDate && dates.discoveredDate < dates.offenceDate)
      return no('发现日期早于违法行为发生日期', 'the discovery date is before the offence date');
    const harm = v.harm ? this.harmOf.get(v.harm) : Harm.NONE;
    if (!harm)
      return no(
        `危害后果“${v.harm}”应为无、轻微、一般或严重`,
        `harm "${v.harm}" is not NONE, MINOR, GENERAL or SERIOUS`,
      );
    const outcome = v.outcome ? this.outcomeOf.get(v.outcome) : null;
    if (v.outcome && !outcome)
      return no(`处理结果“${v.outcome}”无法识别`, `outcome "${v.outcome}" is not a tier`);
    const status = v.status
      ? this.statusOf.get(v.status)
      : dates.decisionDate
        ? CaseStatus.DECIDED
        : CaseStatus.OPEN;
    if (!status)
      return no(
        `状态“${v.status}”应为${Object.values(CASE_STATUS_ZH).join('、')}之一`,
        `status "${v.status}" is not one of ${Object.keys(CASE_STATUS_ZH).join(', ')}`,
      );
    if (status !== CaseStatus.OPEN && (!dates.decisionDate || !outcome))
      return no('已决定的案件须有决定日期和处理结果', 'a decided case needs its decision date and outcome');
    const money: Record<string, number | null> = {};
    for (const [field, zh] of MONEY_FIELDS) {
      const text = v[field] ?? '';
      const cents = text ? this.centsOf.get(text) : null;
      if (text && cents === null) return no(`${zh}“${text}”不是金额`, `${field} "${text}" is not an amount`);
      if (cents instanceof InvalidInput) return no(`${zh}：${cents.zh}`, `${field}: ${cents.en}`);
      money[field] = cents;
    }
    const reasonsZh: string[] = [];
    const reasonsEn: string[] = [];
    let itemId: number | null = null;
    if (v.item) {
      const n = /第\s*(\d+)\s*项/.exec(v.item)?.[1];
      const found = this.items.filter(
        (i) =>
          i.number === Number(n) &&
          i.offenceId === offence.id &&
          dates.decisionDate &&
          inForce(dates.decisionDate, i.from, i.to),
      );
      if (found.length === 1) itemId = found[0].id;
      else {
        reasonsZh.push(`清单事项“${v.item}”在决定日期施行的清单中找不到唯一对应项，按未适用清单记录`);
        reasonsEn.push(
          `list item "${v.item}" matches no single item in force on the decision date: recorded without one`,
        );
      }
    }
    const relief =
      money.relief ??
      (outcome && LENIENT.has(outcome)
        ? reliefOf({ outcome, itemId, referenceFine: money.referenceFine, fine: money.fine })
        : null);
    return {
      row: {
        // Built whole, not spread from `base`: this runs a million times.
        sheet: base.sheet,
        line: base.line,
        target: base.target,
        action: RowAction.CREATE,
        reasonsZh: reasonsZh.length ? reasonsZh : ['新案件'],
        reasonsEn: reasonsEn.length ? reasonsEn : ['a new case'],
      },
      payload: {
        case_number: caseNumber,
        enterprise_id: enterprise.id,
        offence_id: offence.id,
        department_id: department?.id ?? offence.departmentId,
        district_id: districtId,
        offence_date: dates.offenceDate,
        offence_end_date: dates.offenceEndDate,
        discovered_date: dates.discoveredDate,
        decision_date: dates.decisionDate,
        harm,
        corrected: /^(是|已改正|true|yes)$/i.test(v.corrected ?? ''),
        outcome,
        item_id: itemId,
        fine: money.fine,
        reference_fine: money.referenceFine,
        relief,
        status,
      },
    };
  }

  private written = 0;
  private restoreIndexes: (() => Promise<void>) | null = null;
  /** When the import began: every case it brings in was created then. */
  private started = new Date();
  /** What the cases written add to the statistics, applied in `finish`. */
  private stats = new CaseStatsDelta();
  /** How many of the cases written are lenient decisions under a list item (each gets a follow-up visit). */
  private followUps = 0;

  async writeBatch(em: EntityManager, batch: Planned<CaseRow>[]): Promise<void> {
    // Past the first 20,000 rows this is a bulk load: index once at the end instead of per row.
    if (this.written >= 20_000 && !this.restoreIndexes)
      this.restoreIndexes = await deferIndexes(em, 'penalty_case');
    const rows: unknown[][] = [];
    for (const p of batch) {
      const c = p.payload;
      if (!c || p.row.action !== RowAction.CREATE) continue;
      const row = new Array<unknown>(CASE_FIELDS.length);
      for (let i = 0; i < CASE_FIELDS.length; i++) row[i] = c[CASE_FIELDS[i]];
      rows.push(row);
      if (countsInStats(c.status, c.decision_date, c.outcome)) {
        this.stats.add({
          month: c.decision_date!.slice(0, 7),
          departmentId: c.department_id,
          districtId: c.district_id,
          offenceId: c.offence_id,
          enterpriseId: c.enterprise_id,
          itemId: c.item_id,
          kind: c.item_id === null ? '' : (this.itemKinds.get(c.item_id) ?? ''),
          outcome: c.outcome!,
          fine: c.fine ?? 0,
          relief: c.relief ?? 0,
        });
        if (c.item_id !== null && LENIENT.has(c.outcome!)) this.followUps++;
      }
      // The department's own series moves past a number given by hand, as saveCase does.
      const series = this.series.get(c.department_id);
      const parsed = series === undefined ? null : parseCaseNumber(series, c.case_number);
      if (parsed) {
        const key = `${c.department_id}|${parsed.year}`;
        if ((this.counters.get(key) ?? 0) < parsed.n) this.counters.set(key, parsed.n);
      }
    }
    // The import's time, as each dialect stores a 'Date' property (SQLite: milliseconds).
    const now = em.getPlatform().constructor.name.startsWith('PostgreSql')
      ? this.started
      : this.started.getTime();
    await bulkInsertValues(em, 'penalty_case', CASE_FIELDS, rows, {
      ...CASE_DEFAULTS,
      created_at: now,
      updated_at: now,
    });
    this.written += rows.length;
  }

  async finish(
    em: EntityManager,
    _all: unknown,
    phase: (label: string) => void,
  ): Promise<{ entityType: string; entityId: null }> {
    if (this.restoreIndexes) {
      await this.restoreIndexes();
      phase('indexes of penalty_case built');
    }
    this.restoreIndexes = null;
    const dialect = em.getPlatform().constructor.name.startsWith('PostgreSql') ? 'postgresql' : 'sqlite';
    // The cases went in as plain rows: what they add to the managers' totals is added in the same
    // transaction (exact as long as the totals were: `npm run stats -- --rebuild` recomputes them).
    await this.stats.apply(em, dialect);
    phase('statistics (case_stat, case_enterprise_set)');
    // Case-number counters: raised to the highest number of each department's series and year
    // among the cases brought in (never lowered), as noteGivenCaseNumber does case by case.
    for (const [key, n] of this.counters) {
      const [departmentId, year] = key.split('|').map(Number);
      await em.getConnection().execute(
        `insert into case_number_counter (department_id, year, last) values (?, ?, ?)
           on conflict (department_id, year) do update set last = case when excluded.last > case_number_counter.last
             then excluded.last else case_number_counter.last end`,
        [departmentId, year, n],
        'run',
        em.getTransactionContext(),
      );
    }
    this.counters.clear();
    phase('case-number counters');
    // 免罚不免责: every lenient decision brought in gets its correction deadline and follow-up
    // visit as scheduleFollowUp gives one case by case (domain/documents.ts), in one statement.
    if (!this.followUps) return { entityType: 'PenaltyCase', entityId: null };
    const plus = (days: number) =>
      dialect === 'postgresql' ? `c.decision_date + ${days}` : `date(c.decision_date, '+${days} days')`;
    // Many visits at once: their secondary indexes are built once, after (as penalty_case's).
    const restoreVisitIndexes = this.followUps >= 20_000 ? await deferIndexes(em, 'follow_up_visit') : null;
    await em.getConnection().execute(
      `insert into follow_up_visit (created_at, updated_at, penalty_case_id, correction_deadline, due_date, result, officer_id, version)
       select ?, ?, c.id, ${plus(CORRECTION_DAYS)}, ${plus(VISIT_DAYS)}, 'PENDING', c.officer_id, 1
         from penalty_case c join leniency_item i on i.id = c.item_id
        where c.id > ? and c.status in ('DECIDED', 'CLOSED') and c.decision_date is not null
          and c.outcome in ('NONE', 'MITIGATED', 'LIGHTER')
          and not exists (select 1 from follow_up_visit v where v.penalty_case_id = c.id)`,
      dialect === 'postgresql'
        ? [new Date(), new Date(), this.lastIdBefore]
        : [Date.now(), Date.now(), this.lastIdBefore],
      'run',
      em.getTransactionContext(),
    );
    await restoreVisitIndexes?.();
    phase(`follow-up visits (${this.followUps})`);
    return { entityType: 'PenaltyCase', entityId: null };
  }
}
