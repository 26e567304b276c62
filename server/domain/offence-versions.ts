import { SINCE_RECORDS, todayIso } from './dates';
import { FineBasis, FineKind, FineUnit, FineWhen, NoFaultRule } from './enums';
import { InvalidInput } from './errors';
import { toCents } from './money';
import { BASIS_UNIT, basisOfUnit, versionInForce, type OffenceVersionRule } from './offence';

/*
 * Keeping an offence's versions 违法行为的历次条文 consistent (DOMAIN.md, "Offences are statutory
 * penalty clauses"): each version states one fine the way the statute words it, and the
 * versions of one offence follow each other without overlapping, so that the clause in force on
 * any date is one clause.
 */

/** The fields of a version a manager writes (amounts in fen, multiples in hundredths). */
export type VersionFields = Pick<
  OffenceVersionRule,
  | 'effectiveFrom'
  | 'effectiveTo'
  | 'fineKind'
  | 'fineMin'
  | 'fineMax'
  | 'fineBasis'
  | 'multipleMin'
  | 'multipleMax'
  | 'fallbackMin'
  | 'fallbackMax'
  | 'fallbackBelow'
  | 'seriousMin'
  | 'seriousMax'
  | 'limitationYears'
  | 'limitationCitation'
  | 'noFaultRule'
  | 'noFaultCitation'
>;

const bad = (field: string, zh: string, en: string) => new InvalidInput(field, zh, en);
const given = (v: number | null | undefined): v is number => v !== null && v !== undefined;

/** Both ends or neither, and the lower not above the upper. */
function range(
  minField: string,
  min: number | null,
  maxField: string,
  max: number | null,
  what: [string, string],
) {
  if (given(min) !== given(max))
    throw bad(
      given(min) ? maxField : minField,
      `${what[0]}须同时填写下限和上限`,
      `${what[1]} needs both its lower and upper end`,
    );
  if (given(min) && given(max) && min > max)
    throw bad(
      minField,
      `${what[0]}下限不能大于上限`,
      `the lower end of ${what[1]} must not exceed the upper end`,
    );
}

/** Refuses a version whose fine is not stated the way its kind requires, naming the field. */
/** The largest multiple a statute sets (in hundredths): 1,000 times is far beyond any clause. */
export const MAX_MULTIPLE = 100_000;

export function assertVersionConsistent(v: VersionFields): void {
  if (v.effectiveTo && v.effectiveTo < v.effectiveFrom)
    throw bad('effectiveTo', '失效日期不能早于生效日期', 'must not be before effectiveFrom');
  const multiples = [
    ['multipleMin', v.multipleMin],
    ['multipleMax', v.multipleMax],
  ] as const;
  for (const [field, value] of v.fineKind === FineKind.MULTIPLE
    ? [...multiples, ['seriousMin', v.seriousMin] as const, ['seriousMax', v.seriousMax] as const]
    : multiples)
    if (value !== null && value !== undefined && value > MAX_MULTIPLE)
      throw bad(field, '倍数不能超过1000倍', 'a multiple may not exceed 1,000 times');
  if (v.fineKind === FineKind.FIXED) {
    for (const [field, value] of [
      ['fineBasis', v.fineBasis],
      ['multipleMin', v.multipleMin],
      ['multipleMax', v.multipleMax],
      ['fallbackMin', v.fallbackMin],
      ['fallbackMax', v.fallbackMax],
      ['fallbackBelow', v.fallbackBelow],
    ] as const)
      if (value !== null && value !== undefined)
        throw bad(
          field,
          '固定数额罚款不设计罚基数、倍数或保底幅度（请改为按倍数计罚，或清空此项）',
          'a FIXED fine has no basis, multiples or fallback (choose MULTIPLE, or clear this field)',
        );
    // Both empty: the clause sets no fine (only other kinds of penalty).
    range('fineMin', v.fineMin, 'fineMax', v.fineMax, ['法定罚款幅度', 'the fine range']);
  } else {
    if (given(v.fineMin) || given(v.fineMax))
      throw bad(
        given(v.fineMin) ? 'fineMin' : 'fineMax',
        '按倍数计罚时请填写倍数（multipleMin/multipleMax），不填写固定数额',
        'a MULTIPLE fine is given as multipleMin/multipleMax, not as a fixed amount',
      );
    if (!v.fineBasis)
      throw bad(
        'fineBasis',
        '按倍数计罚须写明计罚基数（违法所得、货值金额、税款等）',
        'a MULTIPLE fine needs its basis',
      );
    if (!given(v.multipleMin) || !given(v.multipleMax))
      throw bad(
        given(v.multipleMin) ? 'multipleMax' : 'multipleMin',
        '按倍数计罚须填写倍数下限和上限（如0.5至5倍）',
        'a MULTIPLE fine needs both multiples (e.g. 0.5 to 5)',
      );
    range('multipleMin', v.multipleMin, 'multipleMax', v.multipleMax, ['罚款倍数', 'the multiples']);
    range('fallbackMin', v.fallbackMin, 'fallbackMax', v.fallbackMax, [
      '没有计罚基数或基数较小时的罚款幅度',
      'the fallback range',
    ]);
    if (given(v.fallbackBelow) && !given(v.fallbackMin))
      throw bad(
        'fallbackBelow',
        '填写了基数门槛（“不足…的”），须同时填写该情形的罚款幅度',
        'a fallback threshold needs the fallback range it leads to',
      );
  }
  range('seriousMin', v.seriousMin, 'seriousMax', v.seriousMax, ['情节严重的罚款幅度', 'the serious band']);
  if (given(v.limitationYears) && !v.limitationCitation)
    throw bad(
      'limitationCitation',
      '另行规定追责时效的，须注明法律依据（如《中华人民共和国税收征收管理法》第八十六条）',
      'a limitation period other than Art. 36 needs its citation',
    );
  if (v.noFaultRule !== NoFaultRule.NO_PENALTY && !v.noFaultCitation)
    throw bad(
      'noFaultCitation',
      '对无主观过错另有规定的，须注明法律依据（如《中华人民共和国食品安全法》第一百三十六条）',
      'a rule on absence of fault other than Art. 33 ¶2 needs its citation',
    );
}

/** Refuses a version whose period overlaps another version of the same offence. */
export function assertNoOverlap(
  others: readonly Pick<OffenceVersionRule, 'id' | 'effectiveFrom' | 'effectiveTo'>[],
  v: Pick<OffenceVersionRule, 'effectiveFrom' | 'effectiveTo'>,
): void {
  for (const o of others) {
    const overlaps =
      (v.effectiveTo === null || o.effectiveFrom <= v.effectiveTo) &&
      (o.effectiveTo === null || v.effectiveFrom <= o.effectiveTo);
    if (overlaps)
      throw bad(
        'effectiveFrom',
        `与本违法行为的另一版本条文（${o.effectiveFrom}至${o.effectiveTo ?? '今'}）施行期间重叠；同一时间只能有一个版本施行，请先为前一版本填写失效日期`,
        `overlaps another version of this offence (${o.effectiveFrom} to ${o.effectiveTo ?? 'open'}); one version is in force at a time: end the earlier one first`,
      );
  }
}

/**
 * Version 1 of an offence entered the old way (fineMin, fineMax, fineUnit): in force since
 * always, a FIXED range in yuan, or multiples of the basis the unit names.
 */
export function firstVersion(
  fineMin: number | null,
  fineMax: number | null,
  fineUnit: FineUnit,
  citation: string | null,
): Omit<OffenceVersionRule, 'id'> {
  const basis = basisOfUnit(fineUnit);
  return {
    effectiveFrom: SINCE_RECORDS,
    effectiveTo: null,
    citation,
    penaltyKinds: [],
    fineKind: basis ? FineKind.MULTIPLE : FineKind.FIXED,
    fineMin: basis ? null : fineMin,
    fineMax: basis ? null : fineMax,
    fineBasis: basis,
    multipleMin: basis ? fineMin : null,
    multipleMax: basis ? fineMax : null,
    fallbackMin: null,
    fallbackMax: null,
    fallbackBelow: null,
    fineWhen: FineWhen.ALWAYS,
    fineDiscretionary: false,
    seriousMin: null,
    seriousMax: null,
    seriousPenaltyKinds: [],
    seriousDiscretionary: false,
    limitationYears: null,
    limitationCitation: null,
    noFaultRule: NoFaultRule.NO_PENALTY,
    noFaultCitation: null,
    noFaultPenaltyKinds: [],
  };
}

/**
 * What the offence record shows as its fine (API.md: `Offence` keeps its fields as the version
 * in force today): the range of today's version, in yuan or in multiples of its basis. Null
 * where no version is in force today (the offence then keeps what it showed).
 */
export function offenceFineToday(
  versions: readonly OffenceVersionRule[],
  today = todayIso(),
): { fineMin: number; fineMax: number; fineUnit: FineUnit } | null {
  const v = versionInForce(versions, today);
  if (!v) return null;
  if (v.fineKind === FineKind.MULTIPLE)
    return {
      fineMin: v.multipleMin ?? 0,
      fineMax: v.multipleMax ?? 0,
      fineUnit: BASIS_UNIT[v.fineBasis ?? FineBasis.OTHER],
    };
  return { fineMin: v.fineMin ?? 0, fineMax: v.fineMax ?? 0, fineUnit: FineUnit.YUAN };
}

/**
 * A version as people write it in data files (the seed's offence-versions.yaml, the legal
 * scenarios' rules.yaml): amounts in yuan, multiples as plain numbers (0.5 is half the basis),
 * dates as YAML gives them.
 */
export interface VersionText {
  effectiveFrom?: unknown;
  effectiveTo?: unknown;
  citation?: string | null;
  penaltyKinds?: OffenceVersionRule['penaltyKinds'];
  fineKind?: FineKind;
  fineMin?: number | null;
  fineMax?: number | null;
  fineBasis?: FineBasis;
  multipleMin?: number;
  multipleMax?: number;
  fallbackMin?: number;
  fallbackMax?: number;
  fallbackBelow?: number;
  fineWhen?: FineWhen;
  /** The clause says 可以处 (the fine is discretionary), not 处. */
  fineDiscretionary?: boolean;
  seriousMin?: number;
  seriousMax?: number;
  seriousPenaltyKinds?: OffenceVersionRule['seriousPenaltyKinds'];
  /** The serious band says 可以处 (情节严重的，可以处…), not 处. */
  seriousDiscretionary?: boolean;
  limitationYears?: number;
  limitationCitation?: string;
  noFaultRule?: NoFaultRule;
  noFaultCitation?: string;
  noFaultPenaltyKinds?: OffenceVersionRule['noFaultPenaltyKinds'];
}

const isoDate = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));

/**
 * The version a data file describes, in fen and hundredths. What it leaves out comes from
 * `base`, the offence's own row read as version 1 (`firstVersion`): its fine, basis and
 * citation. Amounts are checked as a manager's would be; `field` names the offence in errors.
 */
export function versionFromText(
  v: VersionText,
  base: Omit<OffenceVersionRule, 'id'>,
  field: string,
): Omit<OffenceVersionRule, 'id'> {
  const money = (x: number | null | undefined, name: string) =>
    x === null || x === undefined ? null : toCents(x, `${field}.${name}`);
  const fineKind = v.fineKind ?? (v.fineBasis ? FineKind.MULTIPLE : base.fineKind);
  const fixed = fineKind === FineKind.FIXED;
  const fromBase = base.fineKind === fineKind;
  return {
    effectiveFrom: v.effectiveFrom ? isoDate(v.effectiveFrom) : base.effectiveFrom,
    effectiveTo: v.effectiveTo ? isoDate(v.effectiveTo) : base.effectiveTo,
    citation: v.citation ?? base.citation,
    penaltyKinds: v.penaltyKinds ?? base.penaltyKinds,
    fineKind,
    fineMin: fixed ? (money(v.fineMin, 'fineMin') ?? (fromBase ? base.fineMin : null)) : null,
    fineMax: fixed ? (money(v.fineMax, 'fineMax') ?? (fromBase ? base.fineMax : null)) : null,
    fineBasis: fixed ? null : (v.fineBasis ?? base.fineBasis ?? FineBasis.ILLEGAL_GAIN),
    multipleMin: fixed ? null : (money(v.multipleMin, 'multipleMin') ?? (fromBase ? base.multipleMin : null)),
    multipleMax: fixed ? null : (money(v.multipleMax, 'multipleMax') ?? (fromBase ? base.multipleMax : null)),
    fallbackMin: money(v.fallbackMin, 'fallbackMin'),
    fallbackMax: money(v.fallbackMax, 'fallbackMax'),
    fallbackBelow: money(v.fallbackBelow, 'fallbackBelow'),
    fineWhen: v.fineWhen ?? base.fineWhen,
    fineDiscretionary: v.fineDiscretionary ?? base.fineDiscretionary,
    seriousMin: money(v.seriousMin, 'seriousMin'),
    seriousMax: money(v.seriousMax, 'seriousMax'),
    seriousPenaltyKinds: v.seriousPenaltyKinds ?? base.seriousPenaltyKinds,
    seriousDiscretionary: v.seriousDiscretionary ?? base.seriousDiscretionary,
    limitationYears: v.limitationYears ?? base.limitationYears,
    limitationCitation: v.limitationCitation ?? base.limitationCitation,
    noFaultRule: v.noFaultRule ?? base.noFaultRule,
    noFaultCitation: v.noFaultCitation ?? base.noFaultCitation,
    noFaultPenaltyKinds: v.noFaultPenaltyKinds ?? base.noFaultPenaltyKinds,
  };
}
