import type { BaselineTierRange } from './baseline';
import { inForce } from './dates';
import { FineBasis, FineKind, FineUnit, FineWhen, NoFaultRule, PenaltyKind, Tier } from './enums';
import type { Cents } from './money';
import { zhOf } from './labels';

/*
 * An offence 违法行为 is a statutory penalty clause, and statutes change: each version of the
 * clause is in force for a period (DOMAIN.md, "Offences are statutory penalty clauses"). This
 * module turns one version and the facts into the fine ranges an officer may choose from.
 * Money is integer fen; multiples are hundredths (1.5 times = 150). Amounts are multiplied
 * first and rounded once: a range's minimum rounds up, its maximum down, and a boundary two
 * tiers share is rounded once, so adjacent tiers meet without a gap.
 */

export interface OffenceVersionRule {
  id: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  /** 处罚依据 of this version, e.g. 《中华人民共和国税收征收管理法》第六十三条第一款. */
  citation: string | null;
  /** Penalties the clause imposes besides the fine (行政处罚法 Art. 9). */
  penaltyKinds: readonly PenaltyKind[];
  fineKind: FineKind;
  /** FIXED: the statutory range in fen. Null for a clause without a fine. */
  fineMin: Cents | null;
  fineMax: Cents | null;
  /** MULTIPLE: what is multiplied, and the multiples in hundredths. */
  fineBasis: FineBasis | null;
  multipleMin: number | null;
  multipleMax: number | null;
  /** MULTIPLE: the range in fen where the basis is absent or below `fallbackBelow` ("没有违法所得或者违法所得不足一万元的"). */
  fallbackMin: Cents | null;
  fallbackMax: Cents | null;
  fallbackBelow: Cents | null;
  fineWhen: FineWhen;
  /** The clause says 可以处 (the fine is the agency's discretion) rather than 处 / 应当处. */
  fineDiscretionary: boolean;
  /** 情节严重的: a higher range (in the fine's own unit) and heavier kinds. */
  seriousMin: number | null;
  seriousMax: number | null;
  seriousPenaltyKinds: readonly PenaltyKind[];
  /** The serious band says 可以处 rather than 处 (its own word, not the main fine's). */
  seriousDiscretionary: boolean;
  /** Another limitation period than 行政处罚法 Art. 36, with its citation (税收征管法 Art. 86: five years). */
  limitationYears: number | null;
  limitationCitation: string | null;
  /** What proven absence of fault yields (行政处罚法 Art. 33 ¶2, unless a law provides otherwise). */
  noFaultRule: NoFaultRule;
  noFaultCitation: string | null;
  /** Penalties that still apply where absence of fault exempts (食品安全法 Art. 136: 应当没收). */
  noFaultPenaltyKinds: readonly PenaltyKind[];
}

export const PENALTY_ZH = zhOf('PenaltyKind');

export const BASIS_ZH = zhOf('FineBasis');

export const BASIS_UNIT: Record<FineBasis, FineUnit> = {
  ILLEGAL_GAIN: FineUnit.MULTIPLE_OF_ILLEGAL_GAIN,
  GOODS_VALUE: FineUnit.MULTIPLE_OF_GOODS_VALUE,
  TAX_UNDERPAID: FineUnit.MULTIPLE_OF_TAX_UNDERPAID,
  OTHER: FineUnit.MULTIPLE_OF_OTHER_BASIS,
};

/** Penalties that are not reduced by 减轻: confiscation follows the gain or the goods (Art. 28 ¶2). */
const CONFISCATIONS: ReadonlySet<PenaltyKind> = new Set([
  PenaltyKind.CONFISCATE_ILLEGAL_GAIN,
  PenaltyKind.CONFISCATE_ILLEGAL_PROPERTY,
]);

/** The version of the clause in force on `date` (the later effective date wins an overlap). */
export function versionInForce(
  versions: readonly OffenceVersionRule[],
  date: string,
): OffenceVersionRule | null {
  let best: OffenceVersionRule | null = null;
  for (const v of versions)
    if (
      inForce(date, v.effectiveFrom, v.effectiveTo) &&
      (!best ||
        v.effectiveFrom > best.effectiveFrom ||
        (v.effectiveFrom === best.effectiveFrom && v.id > best.id))
    )
      best = v;
  return best;
}

// ------------------------------------------------------------------ exact amounts

/** An amount as an exact fraction of fen: numerator / 100 (so that basis × multiple stays exact). */
type Exact = bigint;
const exactFen = (fen: Cents): Exact => BigInt(fen) * 100n;
const exactProduct = (basis: Cents, multiple: number): Exact => BigInt(basis) * BigInt(multiple);
const up = (x: Exact): Cents => Number((x + 99n) / 100n);
const down = (x: Exact): Cents => Number(x / 100n);
const nearest = (x: Exact): Cents => Number((x + 50n) / 100n);

/** A range in fen, or in hundredths of a multiple where the basis is not known. */
export interface Range {
  min: number;
  max: number;
  unit: FineUnit;
}

export interface TierRange extends Range {
  tier: Tier;
  /** Penalties besides (or, where the fine is 0, instead of) the fine. */
  penaltyKinds: PenaltyKind[];
}

/** The statutory fine range for these facts, and where it comes from. */
export interface StatutoryFine {
  /** Exact ends (fen × 100), or hundredths of a multiple × 100 where unit is a multiple. */
  lo: Exact;
  hi: Exact;
  unit: FineUnit;
  /** Which part of the clause: the main range, the fallback for a small or absent basis, or the serious band. */
  source: 'MAIN' | 'FALLBACK' | 'SERIOUS';
  /** Whether a baseline's tiers (in the clause's own unit) apply to this range. */
  baselineApplies: boolean;
  /** The basis amount multiplied, where it was. */
  basis: Cents | null;
  text: string;
}

function multiplied(v: OffenceVersionRule, basis: Cents | null): boolean {
  return (
    v.fineKind === FineKind.MULTIPLE &&
    basis !== null &&
    basis > 0 &&
    (v.fallbackBelow === null || basis >= v.fallbackBelow)
  );
}

/**
 * The statutory range that applies: the serious band where serious circumstances were found
 * (and the clause has one), the fallback where a MULTIPLE fine's basis is absent or below its
 * threshold, otherwise the main range. Null where the clause sets no fine.
 */
export function statutoryFine(
  v: OffenceVersionRule,
  basis: Cents | null,
  serious: boolean,
): StatutoryFine | null {
  const unitOfBasis = v.fineBasis ? BASIS_UNIT[v.fineBasis] : FineUnit.MULTIPLE_OF_OTHER_BASIS;
  const basisZh = v.fineBasis ? BASIS_ZH[v.fineBasis] : BASIS_ZH.OTHER;
  const inYuan = (lo: Cents, hi: Cents, source: StatutoryFine['source'], text: string): StatutoryFine => ({
    lo: exactFen(lo),
    hi: exactFen(hi),
    unit: FineUnit.YUAN,
    source,
    baselineApplies: source === 'MAIN',
    basis: null,
    text,
  });
  const times = (lo: number, hi: number, source: StatutoryFine['source']): StatutoryFine =>
    multiplied(v, basis)
      ? {
          lo: exactProduct(basis!, lo),
          hi: exactProduct(basis!, hi),
          unit: FineUnit.YUAN,
          source,
          baselineApplies: source === 'MAIN',
          basis,
          text: `${basisZh}${multipleZh(lo)}以上${multipleZh(hi)}以下`,
        }
      : {
          lo: BigInt(lo) * 100n,
          hi: BigInt(hi) * 100n,
          unit: unitOfBasis,
          source,
          baselineApplies: source === 'MAIN',
          basis: null,
          text: `${basisZh}${multipleZh(lo)}以上${multipleZh(hi)}以下`,
        };

  if (serious && v.seriousMin !== null && v.seriousMax !== null)
    return v.fineKind === FineKind.MULTIPLE
      ? times(v.seriousMin, v.seriousMax, 'SERIOUS')
      : inYuan(v.seriousMin, v.seriousMax, 'SERIOUS', '情节严重的罚款幅度');
  if (v.fineKind === FineKind.FIXED)
    return v.fineMin === null || v.fineMax === null
      ? null
      : inYuan(v.fineMin, v.fineMax, 'MAIN', '法定罚款幅度');
  if (v.multipleMin === null || v.multipleMax === null) return null;
  // The fallback is for a basis established as absent (0) or small; one not yet established is
  // no basis for it: the range stays in multiples until the amount is known.
  if (basis !== null && !multiplied(v, basis) && v.fallbackMin !== null && v.fallbackMax !== null)
    return inYuan(
      v.fallbackMin,
      v.fallbackMax,
      'FALLBACK',
      v.fallbackBelow === null
        ? `没有${basisZh}的罚款幅度`
        : `没有${basisZh}或者${basisZh}不足${yuanZh(v.fallbackBelow)}的罚款幅度`,
    );
  return times(v.multipleMin, v.multipleMax, 'MAIN');
}

/**
 * The fine range of every tier above NONE for these facts. Tiers come from the baseline where
 * it sets them for this range (in the clause's own unit, multiplied by the basis where known),
 * otherwise from the default split of the statutory range (DOMAIN.md: 30 % / 70 %).
 * MITIGATED is below the statutory minimum; where that minimum is 0 there is no lower fine, and
 * 减轻 is a lighter kind of penalty: a warning (警告) instead of the fine.
 */
export function tierRanges(
  v: OffenceVersionRule,
  fine: StatutoryFine | null,
  baselineTiers: readonly BaselineTierRange[] | null,
  serious: boolean,
): Map<Tier, TierRange> {
  const out = new Map<Tier, TierRange>();
  const kinds = [...v.penaltyKinds, ...(serious ? v.seriousPenaltyKinds : [])].filter(
    (k, i, all) => all.indexOf(k) === i,
  );
  const confiscations = kinds.filter((k) => CONFISCATIONS.has(k));
  if (!fine) {
    // A clause without a fine: its kinds are the penalty at every tier; 减轻 is a warning.
    for (const tier of [Tier.LIGHTER, Tier.STANDARD, Tier.HEAVIER])
      out.set(tier, { tier, min: 0, max: 0, unit: FineUnit.YUAN, penaltyKinds: kinds });
    out.set(Tier.MITIGATED, {
      tier: Tier.MITIGATED,
      min: 0,
      max: 0,
      unit: FineUnit.YUAN,
      penaltyKinds: [PenaltyKind.WARNING, ...confiscations],
    });
    return out;
  }
  // Each tier's ends as exact amounts in the range's unit.
  const scale = (m: number): Exact =>
    fine.basis !== null
      ? exactProduct(fine.basis, m)
      : fine.unit === FineUnit.YUAN
        ? exactFen(m)
        : BigInt(m) * 100n;
  // A baseline refines the statutory range (行政处罚法 Art. 34): one whose tiers lie wholly outside
  // it was written for another clause (an amended or earlier version) and is no baseline for this one.
  const graded = (baselineTiers ?? []).filter((t) => t.level !== Tier.NONE && t.level !== Tier.MITIGATED);
  const useBaseline =
    fine.baselineApplies &&
    graded.length > 0 &&
    gradesRange(
      graded.map((t) => ({ min: scale(t.min), max: scale(t.max) })),
      fine.lo,
      fine.hi,
    );
  const ends = new Map<Tier, [Exact, Exact]>();
  if (useBaseline) for (const t of graded) ends.set(t.level, [scale(t.min), scale(t.max)]);
  const span = fine.hi - fine.lo;
  const at = (tenths: bigint) => fine.lo + (span * tenths) / 10n;
  if (!ends.has(Tier.LIGHTER)) ends.set(Tier.LIGHTER, [fine.lo, at(3n)]);
  if (!ends.has(Tier.STANDARD)) ends.set(Tier.STANDARD, [at(3n), at(7n)]);
  if (!ends.has(Tier.HEAVIER)) ends.set(Tier.HEAVIER, [at(7n), fine.hi]);
  // Round once per boundary: the statutory ends inward, every inner boundary to the nearest.
  // A range narrower than one fen with no whole fen inside (a fixed multiple of an odd amount):
  // it is one amount, rounded to the nearest fen.
  const degenerate = up(fine.lo) > down(fine.hi);
  const [floor, ceiling] = degenerate ? [nearest(fine.lo), nearest(fine.hi)] : [up(fine.lo), down(fine.hi)];
  // Inner boundaries to the nearest fen, kept inside the statutory range so tiers still meet.
  const round = (x: Exact) =>
    x === fine.lo ? floor : x === fine.hi ? ceiling : Math.min(ceiling, Math.max(floor, nearest(x)));
  for (const [tier, [lo, hi]] of ends) {
    const min = round(lo);
    out.set(tier, { tier, min, max: Math.max(min, round(hi)), unit: fine.unit, penaltyKinds: kinds });
  }
  const statMin = floor;
  const mitigatedKinds = statMin > 0 ? confiscations : [PenaltyKind.WARNING, ...confiscations];
  // 减轻 is below the statutory minimum; a published baseline may narrow it (e.g. 五万元以上不足十万元).
  const ownMitigated = useBaseline ? baselineTiers?.find((t) => t.level === Tier.MITIGATED) : undefined;
  const mitigatedMax = Math.max(0, statMin - 1);
  const mitigatedMin = ownMitigated ? Math.min(mitigatedMax, up(scale(ownMitigated.min))) : 0;
  out.set(Tier.MITIGATED, {
    tier: Tier.MITIGATED,
    min: mitigatedMin,
    max: ownMitigated
      ? Math.max(mitigatedMin, Math.min(mitigatedMax, down(scale(ownMitigated.max))))
      : mitigatedMax,
    unit: fine.unit,
    penaltyKinds: mitigatedKinds.filter((k, i, all) => all.indexOf(k) === i),
  });
  return out;
}

/**
 * Whether a baseline's graded tiers grade a statutory range [lo, hi] (in one unit): some tier
 * reaches into it from both sides, or lies wholly inside it (a 从重 at the maximum, a fixed
 * amount). A baseline whose tiers all lie outside was written for another version of the
 * clause. The rules apply a baseline by this test (tierRanges), and a baseline is checked by it when saved
 * (domain/baseline.ts).
 */
export function gradesRange<T extends number | bigint>(
  tiers: readonly { min: T; max: T }[],
  lo: T,
  hi: T,
): boolean {
  return (
    (tiers.some((t) => t.min < hi) && tiers.some((t) => t.max > lo)) ||
    tiers.some((t) => t.min >= lo && t.max <= hi)
  );
}

// ------------------------------------------------------------------ words

/** 1.5倍, 50%→0.5倍: a multiple in hundredths, in words. */
export function multipleZh(hundredths: number): string {
  return `${hundredths / 100}倍`;
}

/** 10000 (fen) → 一百元 style, kept numeric: 100元. */
export function yuanZh(fen: Cents): string {
  return `${fen % 100 === 0 ? fen / 100 : (fen / 100).toFixed(2)}元`;
}

/** The unit of a range when it is a multiple (null for yuan). */
export function basisOfUnit(unit: FineUnit): FineBasis | null {
  const entry = Object.entries(BASIS_UNIT).find(([, u]) => u === unit);
  return entry ? (entry[0] as FineBasis) : null;
}
