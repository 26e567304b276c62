import type { EntityManager } from '@mikro-orm/core';
import { assertBaselineWithinLaw, type BaselineTierRange, type ClauseRange } from '../domain/baseline';
import { Tier } from '../domain/enums';
import { InvalidInput } from '../domain/errors';
import { TIER_ZH } from '../domain/leniency';
import { toCents } from '../domain/money';
import * as E from '../db/entities';
import { offenceVersionRule } from '../services/rulebook';
import { parseFineClause } from './fine-clause';
import { normaliseTitle } from './match';
import { RowAction, reject, type Importer, type Planned, type PlanRow } from './plan';
import type { TableRecord, TableSpec } from './table';
import { enumFrom, isoDateOf, parseDate, parseYuan } from './values';

/*
 * Discretion baselines 行政处罚裁量基准 (行政处罚法 Art. 34): one row per tier, the offence and
 * its dates merged down over its tiers as published tables do. Rows of one offence and date form
 * one baseline. A tier's range is given as 下限/上限 in yuan, or as its published wording
 * ("处五千元以上一万二千元以下罚款"), read like a statute's clause. A baseline that overlaps another
 * of the same offence is refused unless it is the same one (then its tiers are replaced).
 */

export const BASELINE_SPEC: TableSpec = {
  offenceCode: { labels: ['违法行为编码', '编码'] },
  offence: { labels: ['违法行为', '处罚事项', '违法行为名称', '事项名称'], required: true },
  effectiveFrom: { labels: ['生效日期', '施行日期', '起始日期'] },
  effectiveTo: { labels: ['失效日期', '截止日期'] },
  tier: { labels: ['裁量阶次', '裁量等级', '阶次', '裁量档次', '处罚阶次', '违法程度'], required: true },
  min: { labels: ['罚款下限', '下限', '最低罚款'] },
  max: { labels: ['罚款上限', '上限', '最高罚款'] },
  range: { labels: ['处罚幅度', '裁量幅度', '罚款幅度', '处罚标准', '裁量标准'] },
  conditions: { labels: ['适用情形', '裁量情节', '情形', '适用条件', '违法情节'] },
  source: { labels: ['来源', '裁量基准名称', '依据文件'] },
};

const TIER_WORDS: Record<Tier, readonly string[]> = {
  NONE: [TIER_ZH.NONE, '不予行政处罚', '免予处罚'],
  MITIGATED: [TIER_ZH.MITIGATED, '减轻'],
  LIGHTER: [TIER_ZH.LIGHTER, '从轻', '较轻'],
  STANDARD: [TIER_ZH.STANDARD, '一般'],
  HEAVIER: [TIER_ZH.HEAVIER, '从重', '严重', '较重'],
};

export interface BaselinePayload {
  key: string;
  offenceId: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  source: string | null;
  tier: BaselineTierRange;
}

export class BaselineImporter implements Importer<BaselinePayload> {
  spec = BASELINE_SPEC;
  keepsPayloads = true;
  notesZh: string[] = [];
  notesEn: string[] = [];
  private byCode = new Map<string, { id: number; title: string }>();
  private byTitle = new Map<string, { id: number; title: string }>();
  private existing: {
    id: number;
    offenceId: number;
    from: string;
    to: string | null;
    tiers: BaselineTierRange[];
  }[] = [];
  private tiersSeen = new Set<string>();
  /** Each offence's clause versions, for the statutory range a baseline refines. */
  private clauses = new Map<number, ClauseRange[]>();

  constructor(private readonly defaultFrom: string | null) {}

  async prepare(em: EntityManager): Promise<void> {
    this.tiersSeen.clear();
    for (const o of await em.find(E.Offence, {})) {
      this.byCode.set(o.code, { id: o.id, title: o.title });
      this.byTitle.set(normaliseTitle(o.title), { id: o.id, title: o.title });
    }
    this.clauses.clear();
    for (const v of await em.find(E.OffenceVersion, {}, { orderBy: { id: 'asc' } }))
      this.clauses.set(v.offence.id, [...(this.clauses.get(v.offence.id) ?? []), offenceVersionRule(v)]);
    this.existing = (await em.find(E.DiscretionBaseline, {})).map((b) => ({
      id: b.id,
      offenceId: b.offence.id,
      from: isoDateOf(b.effectiveFrom)!,
      to: isoDateOf(b.effectiveTo),
      tiers: b.tiers,
    }));
  }

  plan(_em: EntityManager, batch: TableRecord[]): Promise<Planned<BaselinePayload>[]> {
    return Promise.resolve(batch.map((r) => this.planRow(r)));
  }

  private planRow(r: TableRecord): Planned<BaselinePayload> {
    const v = r.values;
    const base = { sheet: r.sheet, line: r.line, target: `${v.offence} ${v.tier}`.trim() };
    const no = (zh: string, en: string) => ({ row: { ...base, ...reject(zh, en) } });
    const offence =
      (v.offenceCode && this.byCode.get(v.offenceCode.trim())) || this.byTitle.get(normaliseTitle(v.offence));
    if (!offence)
      return no(
        `违法行为“${v.offence}”不在违法行为目录中`,
        `the offence "${v.offence}" is not in the catalogue`,
      );
    const from = v.effectiveFrom ? parseDate(v.effectiveFrom) : this.defaultFrom;
    if (!from)
      return no('缺少生效日期（文件中或导入时填写）', 'no effective date (in the file or for the import)');
    const to = v.effectiveTo ? parseDate(v.effectiveTo) : null;
    if (v.effectiveTo && !to)
      return no(`失效日期“${v.effectiveTo}”不是有效日期`, `effectiveTo "${v.effectiveTo}" is not a date`);
    const level =
      enumFrom(v.tier.replace(/处罚$|档$|阶次$/, '') || v.tier, TIER_WORDS) ?? enumFrom(v.tier, TIER_WORDS);
    if (!level)
      return no(`裁量阶次“${v.tier}”应为不予处罚、减轻、从轻、一般或从重`, `tier "${v.tier}" is not a tier`);
    let min: number | null = null;
    let max: number | null = null;
    if (v.min || v.max) {
      min = v.min ? parseYuan(v.min) : 0;
      max = v.max ? parseYuan(v.max) : null;
    } else if (v.range) {
      const clause = parseFineClause(v.range).clause;
      if (clause && clause.fineMax !== null) [min, max] = [clause.fineMin, clause.fineMax];
    } else if (level === Tier.NONE) [min, max] = [0, 0];
    if (min === null || max === null)
      return no(
        `读不出罚款幅度：“${v.range || `${v.min}～${v.max}`}”`,
        `the fine range cannot be read: "${v.range || `${v.min}-${v.max}`}"`,
      );
    let tier: BaselineTierRange;
    try {
      tier = { level, min: toCents(min, 'min'), max: toCents(max, 'max'), conditions: v.conditions ?? '' };
    } catch (error) {
      if (error instanceof InvalidInput) return no(error.zh, error.en);
      throw error;
    }
    if (tier.min > tier.max) return no('罚款下限大于上限', 'the lower end exceeds the upper end');
    const key = `${offence.id}|${from}`;
    if (this.tiersSeen.has(`${key}|${level}`))
      return no(`同一基准中${TIER_ZH[level]}重复`, `tier ${level} appears twice in one baseline`);
    this.tiersSeen.add(`${key}|${level}`);
    const same = this.existing.find((b) => b.offenceId === offence.id && b.from === from);
    const overlap = this.existing.find(
      (b) =>
        b !== same &&
        b.offenceId === offence.id &&
        (to === null || b.from <= to) &&
        (b.to === null || from <= b.to),
    );
    if (overlap)
      return no(
        `与该违法行为已有的裁量基准（${overlap.from}至${overlap.to ?? '今'}）施行期间重叠：请先为原基准填写失效日期，或调整本基准的生效日期`,
        `overlaps the offence's baseline of ${overlap.from} to ${overlap.to ?? 'open'}: end that one first or change the dates`,
      );
    const before = same?.tiers.find((t) => t.level === level);
    const action = !same
      ? RowAction.CREATE
      : before && before.min === tier.min && before.max === tier.max && before.conditions === tier.conditions
        ? RowAction.MATCH
        : RowAction.CHANGE;
    const row: PlanRow = {
      ...base,
      target: `${offence.title} ${TIER_ZH[level]}`,
      action,
      // Yuan, or multiples where the clause fines so (checked against the clause once all rows are read).
      reasonsZh: [`${from}起 ${TIER_ZH[level]} ${min}至${max}（元或倍数）`],
      reasonsEn: [`from ${from}: ${level} ${min} to ${max} (yuan or multiples)`],
    };
    return {
      row,
      payload: {
        key,
        offenceId: offence.id,
        effectiveFrom: from,
        effectiveTo: to,
        source: v.source || null,
        tier,
      },
    };
  }

  /** Each baseline as it will stand (its kept tiers and the file's), against the clause (Art. 34). */
  review(all: Planned<BaselinePayload>[]): { row: PlanRow; zh: string; en: string }[] {
    const refused: { row: PlanRow; zh: string; en: string }[] = [];
    for (const rows of this.groups(all).values()) {
      const first = rows[0].payload;
      const kept = this.keptTiers(
        first,
        rows.map((r) => r.payload.tier),
      );
      try {
        assertBaselineWithinLaw(
          {
            effectiveFrom: first.effectiveFrom,
            effectiveTo: first.effectiveTo,
            tiers: [...kept, ...rows.map((r) => r.payload.tier)],
          },
          this.clauses.get(first.offenceId) ?? [],
        );
      } catch (error) {
        if (!(error instanceof InvalidInput)) throw error;
        // The row whose tier is named, else (a tier kept from the stored baseline, or the whole) every row.
        const index = /^tiers\[(\d+)\]/.exec(error.field)?.[1];
        const named = index === undefined ? undefined : rows[Number(index) - kept.length];
        for (const r of named ? [named] : rows) refused.push({ row: r.row, zh: error.zh, en: error.en });
      }
    }
    return refused;
  }

  /** The accepted rows by baseline (offence and effective date), in file order. */
  private groups(all: Planned<BaselinePayload>[]) {
    const groups = new Map<string, { row: PlanRow; payload: BaselinePayload }[]>();
    for (const { row, payload } of all)
      if (payload && row.action !== RowAction.REJECT)
        groups.set(payload.key, [...(groups.get(payload.key) ?? []), { row, payload }]);
    return groups;
  }

  /** The stored baseline's tiers that the file leaves as they are. */
  private keptTiers(first: BaselinePayload, tiers: readonly BaselineTierRange[]): BaselineTierRange[] {
    const same = this.existing.find((b) => b.offenceId === first.offenceId && b.from === first.effectiveFrom);
    return same ? same.tiers.filter((t) => !tiers.some((n) => n.level === t.level)) : [];
  }

  async finish(
    em: EntityManager,
    all: Planned<BaselinePayload>[],
  ): Promise<{ entityType: string; entityId: number | null }> {
    const groups = this.groups(all);
    let last: E.DiscretionBaseline | null = null;
    for (const rows of groups.values()) {
      const first = rows[0].payload;
      const tiers = rows.map((r) => r.payload.tier);
      const same = this.existing.find(
        (b) => b.offenceId === first.offenceId && b.from === first.effectiveFrom,
      );
      if (same) {
        last = await em.findOneOrFail(E.DiscretionBaseline, same.id);
        em.assign(last, {
          tiers: [...this.keptTiers(first, tiers), ...tiers],
          effectiveTo: first.effectiveTo,
          source: first.source ?? last.source,
        });
      } else
        last = em.create(E.DiscretionBaseline, {
          offence: em.getReference(E.Offence, first.offenceId),
          effectiveFrom: first.effectiveFrom,
          effectiveTo: first.effectiveTo,
          source: first.source,
          tiers,
        });
    }
    await em.flush();
    return { entityType: 'DiscretionBaseline', entityId: groups.size === 1 ? (last?.id ?? null) : null };
  }
}
