import { SINCE_RECORDS } from './dates';
import { FineBasis, FineKind, Tier } from './enums';
import { InvalidInput } from './errors';
import { ENUM_LABELS } from './labels';
import type { Cents } from './money';
import { gradesRange, multipleZh, yuanZh, type OffenceVersionRule } from './offence';
import type { VersionFields } from './offence-versions';

/** One tier of a discretion baseline 裁量基准: a fine sub-range in hundredths of the unit. */
export interface BaselineTierRange {
  level: Tier;
  min: Cents;
  max: Cents;
  conditions: string;
}

/**
 * 行政处罚法 Art. 34: agencies publish discretion baselines. Where a baseline does not set
 * its own tiers, the product's default split of the statutory range [min, max] applies:
 * LIGHTER min…min+30%, STANDARD min+30%…min+70%, HEAVIER min+70%…max, MITIGATED below min.
 */
export function defaultTiers(statutoryMin: Cents, statutoryMax: Cents): BaselineTierRange[] {
  const span = statutoryMax - statutoryMin;
  const at = (fraction: number) => statutoryMin + Math.round(span * fraction);
  return [
    { level: Tier.NONE, min: 0, max: 0, conditions: '符合不予处罚情形' },
    {
      level: Tier.MITIGATED,
      min: 0,
      max: Math.max(0, statutoryMin - 1),
      conditions: '具有法定减轻处罚情形，在法定最低罚款以下处罚',
    },
    { level: Tier.LIGHTER, min: statutoryMin, max: at(0.3), conditions: '具有从轻处罚情形' },
    { level: Tier.STANDARD, min: at(0.3), max: at(0.7), conditions: '无从轻、从重情形' },
    { level: Tier.HEAVIER, min: at(0.7), max: statutoryMax, conditions: '具有从重处罚情形' },
  ];
}

/** What a baseline is checked against: one dated version of the offence's penalty clause. */
export type ClauseRange = VersionFields & Pick<OffenceVersionRule, 'citation'>;

const GRADED: readonly Tier[] = [Tier.LIGHTER, Tier.STANDARD, Tier.HEAVIER];

/**
 * A baseline refines the statutory fine range; it cannot widen it (行政处罚法 Art. 34: 裁量基准
 * 规范行使裁量权 within the law). Checked when a baseline is saved, against every version of the
 * offence's clause in force during the baseline's own period, in the clause's unit (yuan, or
 * multiples of the basis):
 * - 从轻, 一般 and 从重 lie inside the statutory range of each version the baseline grades, and
 *   rise in that order;
 * - 减轻 lies below the statutory minimum (Art. 32), and where that minimum is 0 sets no fine;
 * - 不予处罚 sets no fine.
 * A baseline whose tiers all lie outside one version's range was written for another version
 * (the clause was amended during its period): the rules do not apply it to that version, and
 * saving it is not refused for it, as long as it grades at least one version.
 * Throws InvalidInput naming the tier (`tiers[i].min`, `tiers[i].max`) or `tiers`.
 */
export function assertBaselineWithinLaw(
  baseline: { effectiveFrom: string; effectiveTo: string | null; tiers: readonly BaselineTierRange[] },
  versions: readonly ClauseRange[],
): void {
  const { tiers } = baseline;
  const label = (t: BaselineTierRange) => ENUM_LABELS.Tier[t.level];
  tiers.forEach((t, i) => {
    if (t.level === Tier.NONE && t.max > 0)
      throw new InvalidInput(
        `tiers[${i}].max`,
        '不予处罚档不处罚款，上下限均应为0',
        'the NONE tier imposes no fine: its min and max must be 0',
      );
  });
  const graded = tiers
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => GRADED.includes(t.level))
    .sort((a, b) => GRADED.indexOf(a.t.level) - GRADED.indexOf(b.t.level));
  const period = baseline.effectiveTo
    ? `${baseline.effectiveFrom}至${baseline.effectiveTo}`
    : `${baseline.effectiveFrom}起`;
  const ranged = versions
    .filter(
      (v) =>
        v.effectiveFrom <= (baseline.effectiveTo ?? '9999-12-31') &&
        (v.effectiveTo === null || v.effectiveTo >= baseline.effectiveFrom),
    )
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0))
    .map((v) => ({ v, range: mainRange(v) }))
    .filter((x): x is { v: ClauseRange; range: MainRange } => x.range !== null);
  const setsFine = tiers.some((t) => t.max > 0);
  if (!ranged.length) {
    if (setsFine)
      throw new InvalidInput(
        'tiers',
        `裁量基准施行期间（${period}）该违法行为的处罚条款没有规定罚款幅度，罚款档次无从细化`,
        `no version of the offence's clause in force from ${baseline.effectiveFrom} to ${baseline.effectiveTo ?? 'open'} sets a fine range for these tiers to refine`,
      );
    return;
  }
  // Not the law's requirement but the rules': they grade the fine by 从轻, 一般 and 从重 and would
  // apply a baseline without them to nothing.
  if (!graded.length)
    throw new InvalidInput(
      'tiers',
      '本系统按从轻、一般、从重档次适用裁量基准：请至少设置其中一个档次（只设不予处罚、减轻档的基准不会被适用）',
      'the rules apply a baseline by its LIGHTER, STANDARD and HEAVIER tiers: set at least one (a baseline with only NONE or MITIGATED would never apply)',
    );
  const applied = ranged.filter(({ range }) =>
    gradesRange(
      graded.map(({ t }) => t),
      range.min,
      range.max,
    ),
  );
  // Written for a multiple's fallback band in yuan: that band is the clause's own, not graded.
  const fallback = ranged
    .map(({ v, range }) => ({ v, range, band: fallbackBand(v) }))
    .find(({ band }) => band && graded.every(({ t }) => t.min >= band.min && t.max <= band.max));
  if (!applied.length && fallback)
    throw new InvalidInput(
      'tiers',
      `${clauseZh(fallback.v)}按${fallback.range.zh(fallback.range.min)}至${fallback.range.zh(fallback.range.max)}罚款，裁量档次以倍数填写；${fallback.band!.zh}由条款直接适用，不作为裁量档次细化`,
      `the clause${since(fallback.v)} fines ${fallback.range.en(fallback.range.min)} to ${fallback.range.en(fallback.range.max)}: give the tiers as multiples; its fallback range in yuan applies as the clause sets it and is not graded`,
    );
  if (!applied.length)
    throw new InvalidInput(
      'tiers',
      `各档次均不在裁量基准施行期间（${period}）处罚条款的法定罚款幅度内（${ranged.map(({ v, range }) => `${clauseZh(v)}：${range.zh(range.min)}至${range.zh(range.max)}`).join('；')}）`,
      `no tier lies within the statutory range of the clause in force from ${baseline.effectiveFrom} (${ranged.map(({ range }) => `${range.en(range.min)} to ${range.en(range.max)}`).join('; ')})`,
    );
  for (const { v, range } of applied) {
    const statutory = `${range.zh(range.min)}至${range.zh(range.max)}`;
    for (const { t, i } of graded) {
      const [field, outside] =
        t.min < range.min ? ['min', t.min] : t.max > range.max ? ['max', t.max] : [null, 0];
      // Into the 情节严重 band: a band of the clause's own, which the officer's finding applies.
      const serious =
        field === 'max' && v.seriousMin !== null && v.seriousMax !== null && t.max <= v.seriousMax
          ? `；情节严重的罚款幅度（${range.zh(v.seriousMin)}至${range.zh(v.seriousMax)}）在执法人员认定情节严重时由条款直接适用，不作为从重档细化`
          : '';
      if (field)
        throw new InvalidInput(
          `tiers[${i}].${field}`,
          `${label(t)[0]}档（${range.zh(t.min)}至${range.zh(t.max)}）超出${clauseZh(v)}${serious ? '一般情形' : ''}的法定罚款幅度（${statutory}）${serious}；裁量基准只能在法定幅度内细化（行政处罚法第三十四条）`,
          `the ${label(t)[1]} tier's ${field} ${range.en(outside)} lies outside the statutory range ${range.en(range.min)} to ${range.en(range.max)} of the clause${since(v)}${serious ? ' (its serious band applies as the clause sets it, once serious circumstances are found; it is not a tier)' : ''}`,
        );
    }
    tiers.forEach((t, i) => {
      if (t.level !== Tier.MITIGATED) return;
      if (range.min === 0 && t.max > 0)
        throw new InvalidInput(
          `tiers[${i}].max`,
          `${clauseZh(v)}的法定最低罚款为0，减轻处罚不再处以罚款，而是给予较轻种类的处罚（如警告），减轻档不能设置罚款`,
          `the clause${since(v)} has no minimum fine: a mitigated penalty is a lighter kind (a warning), not a fine`,
        );
      if (range.min > 0 && t.max >= range.min)
        throw new InvalidInput(
          `tiers[${i}].max`,
          `减轻处罚是在法定最低罚款（${range.zh(range.min)}）以下处罚（其情形见行政处罚法第三十二条），${clauseZh(v)}的减轻档上限须低于${range.zh(range.min)}`,
          `a mitigated fine lies below the statutory minimum ${range.en(range.min)} of the clause${since(v)} (Art. 32)`,
        );
    });
  }
  // Within the law, the tiers rise in order: 从轻 ≤ 一般 ≤ 从重.
  for (let k = 1; k < graded.length; k++) {
    const [lower, upper] = [graded[k - 1], graded[k]];
    if (upper.t.min < lower.t.min || upper.t.max < lower.t.max)
      throw new InvalidInput(
        `tiers[${upper.i}].${upper.t.min < lower.t.min ? 'min' : 'max'}`,
        `${label(upper.t)[0]}档的幅度不能低于${label(lower.t)[0]}档`,
        `the ${label(upper.t)[1]} tier must not be lower than the ${label(lower.t)[1]} tier`,
      );
  }
}

/** A multiple's fallback range in yuan (fen), where the clause has one. */
function fallbackBand(v: ClauseRange): { min: number; max: number; zh: string } | null {
  if (v.fineKind !== FineKind.MULTIPLE || v.fallbackMin === null || v.fallbackMax === null) return null;
  const basis = ENUM_LABELS.FineBasis[v.fineBasis ?? FineBasis.OTHER][0];
  const below = v.fallbackBelow === null ? '' : `或者${basis}不足${yuanZh(v.fallbackBelow)}`;
  return {
    min: v.fallbackMin,
    max: v.fallbackMax,
    zh: `没有${basis}${below}时的罚款幅度（${yuanZh(v.fallbackMin)}至${yuanZh(v.fallbackMax)}）`,
  };
}

interface MainRange {
  min: number;
  max: number;
  zh: (amount: number) => string;
  en: (amount: number) => string;
}

/** The clause's main fine range in its own unit (fen, or hundredths of a multiple); null without one. */
export function mainRange(v: ClauseRange): MainRange | null {
  if (v.fineKind === FineKind.MULTIPLE) {
    if (v.multipleMin === null || v.multipleMax === null || v.multipleMax === 0) return null;
    const basis = ENUM_LABELS.FineBasis[v.fineBasis ?? FineBasis.OTHER];
    return {
      min: v.multipleMin,
      max: v.multipleMax,
      zh: (m) => `${basis[0]}的${multipleZh(m)}`,
      en: (m) => `${m / 100}× ${basis[1].toLowerCase()}`,
    };
  }
  // A range of 0 (警告 only, as 娱乐场所管理条例 Art. 51) is no fine to grade.
  if (v.fineMin === null || v.fineMax === null || v.fineMax === 0) return null;
  return { min: v.fineMin, max: v.fineMax, zh: yuanZh, en: (fen) => `${fen / 100} yuan` };
}

const since = (v: ClauseRange) =>
  v.effectiveFrom > SINCE_RECORDS ? ` in force from ${v.effectiveFrom}` : '';

/** The clause as a refusal names it: its citation, and since when where a version has a start of its own. */
const clauseZh = (v: ClauseRange) =>
  `${v.citation ?? '处罚条款'}${v.effectiveFrom > SINCE_RECORDS ? `（${v.effectiveFrom}起施行）` : ''}`;
