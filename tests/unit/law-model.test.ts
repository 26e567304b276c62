import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AggravatingFactor,
  FineUnit,
  FineBasis,
  FineKind,
  Harm,
  LeniencyKind,
  ListStatus,
  LookbackKind,
  Tier,
} from '../../server/domain/enums';
import { InvalidInput } from '../../server/domain/errors';
import { buildFacts, reliefOf } from '../../server/domain/leniency';
import { assertItemWithinLaw, listsInForce, publishPlan, type ListVersion } from '../../server/domain/lists';
import { statutoryFine, tierRanges, type OffenceVersionRule } from '../../server/domain/offence';
import { firstVersion } from '../../server/domain/offence-versions';

// A FIXED 10,000–100,000 yuan clause in force since 1900, changed field by field.
const version = (v: Partial<OffenceVersionRule>): OffenceVersionRule => ({
  id: 1,
  ...firstVersion(1_000_000, 10_000_000, FineUnit.YUAN, null),
  ...v,
});

describe('relief 减免金额 (DOMAIN.md: lenient cases under a list item; no fine imposed counts as 0)', () => {
  it.each([
    [
      'lenient under an item, fine imposed',
      { outcome: Tier.LIGHTER, itemId: 3, referenceFine: 500_000, fine: 200_000 },
      300_000,
    ],
    [
      'no penalty under an item, no fine recorded',
      { outcome: Tier.NONE, itemId: 3, referenceFine: 500_000, fine: null },
      500_000,
    ],
    [
      'Art. 32 lighter without an item relieves nothing',
      { outcome: Tier.LIGHTER, itemId: null, referenceFine: 500_000, fine: 200_000 },
      null,
    ],
    [
      'time-barred / no fault / corrected on order (NONE without item)',
      { outcome: Tier.NONE, itemId: null, referenceFine: 500_000, fine: null },
      null,
    ],
    ['standard outcome', { outcome: Tier.STANDARD, itemId: 3, referenceFine: 500_000, fine: 500_000 }, null],
    [
      'fine above the reference is no negative relief',
      { outcome: Tier.LIGHTER, itemId: 3, referenceFine: 100, fine: 200 },
      0,
    ],
  ])('%s', (_name, c, want) => expect(reliefOf(c)).toBe(want));
});

describe('facts have one set of defaults for checks and cases', () => {
  it('discovery defaults to the decision date, which defaults to today; refusal is never assumed', () => {
    const f = buildFacts({ offenceDate: '2024-01-01', harm: Harm.MINOR, corrected: false }, '2024-05-01');
    expect(f).toMatchObject({
      decisionDate: '2024-05-01',
      discoveredDate: '2024-05-01',
      discoveredGiven: false,
      refusedCorrection: false,
    });
  });
  it('refuses corrected together with refused, naming the field', () => {
    expect(() =>
      buildFacts(
        { offenceDate: '2024-01-01', harm: Harm.MINOR, corrected: true, refusedCorrection: true },
        '2024-05-01',
      ),
    ).toThrow(expect.objectContaining({ field: 'refusedCorrection' }));
  });
  it('refuses corrected together with 拒不改正 as an aggravating circumstance, in both languages', () => {
    const refused = () =>
      buildFacts(
        {
          offenceDate: '2024-01-01',
          harm: Harm.MINOR,
          corrected: true,
          aggravating: [AggravatingFactor.OBSTRUCTED, AggravatingFactor.REFUSED_CORRECTION],
        },
        '2024-05-01',
      );
    expect(refused).toThrow(expect.objectContaining({ field: 'aggravating' }));
    expect(refused).toThrow(/^aggravating: .*拒不改正.* \/ .*REFUSED_CORRECTION/);
    // Either alone is sound.
    const f = (corrected: boolean, aggravating: AggravatingFactor[]) =>
      buildFacts({ offenceDate: '2024-01-01', harm: Harm.MINOR, corrected, aggravating }, '2024-05-01');
    expect(f(true, [AggravatingFactor.OBSTRUCTED]).aggravating).toEqual([AggravatingFactor.OBSTRUCTED]);
    expect(f(false, [AggravatingFactor.REFUSED_CORRECTION]).aggravating).toEqual([
      AggravatingFactor.REFUSED_CORRECTION,
    ]);
  });
});

describe('items cannot promise more than Art. 33 allows', () => {
  const base = { lookbackKind: LookbackKind.MONTHS, lookbackMonths: 12, requiresCorrection: true };
  it.each([
    [
      'NO_PENALTY allowing minor harm',
      { ...base, kind: LeniencyKind.NO_PENALTY, maxHarm: Harm.MINOR },
      'maxHarm',
    ],
    [
      'NO_PENALTY without correction',
      { ...base, kind: LeniencyKind.NO_PENALTY, maxHarm: Harm.NONE, requiresCorrection: false },
      'requiresCorrection',
    ],
    [
      '首违不罚 allowing general harm',
      { ...base, kind: LeniencyKind.FIRST_OFFENCE_NO_PENALTY, maxHarm: Harm.GENERAL },
      'maxHarm',
    ],
    [
      '首违不罚 without correction',
      {
        ...base,
        kind: LeniencyKind.FIRST_OFFENCE_NO_PENALTY,
        maxHarm: Harm.MINOR,
        requiresCorrection: false,
      },
      'requiresCorrection',
    ],
    [
      '首违不罚 by months without months',
      { ...base, kind: LeniencyKind.FIRST_OFFENCE_NO_PENALTY, maxHarm: Harm.MINOR, lookbackMonths: null },
      'lookbackMonths',
    ],
  ])('refuses %s', (_name, item, field) => {
    try {
      assertItemWithinLaw(item);
      expect.fail('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidInput);
      expect((e as InvalidInput).field).toBe(field);
      expect((e as InvalidInput).zh).toMatch(/第三十三条|回溯/);
    }
  });
  it.each([
    ['NO_PENALTY, no harm, corrected', { ...base, kind: LeniencyKind.NO_PENALTY, maxHarm: Harm.NONE }],
    [
      '首违不罚, minor harm, 自然年度',
      {
        ...base,
        kind: LeniencyKind.FIRST_OFFENCE_NO_PENALTY,
        maxHarm: Harm.MINOR,
        lookbackKind: LookbackKind.CALENDAR_YEAR,
        lookbackMonths: null,
      },
    ],
    [
      '从轻 with general harm',
      { ...base, kind: LeniencyKind.LIGHTER, maxHarm: Harm.GENERAL, requiresCorrection: false },
    ],
  ])('accepts %s', (_name, item) => expect(() => assertItemWithinLaw(item)).not.toThrow());
});

describe('list series: publishing supersedes within the series only, never backwards', () => {
  const list = (
    id: number,
    seriesId: number,
    from: string,
    to: string | null,
    status = ListStatus.PUBLISHED,
  ): ListVersion => ({
    id,
    seriesId,
    seriesName: `S${seriesId}`,
    version: `${id}.0`,
    title: `清单${id}`,
    effectiveFrom: from,
    effectiveTo: to,
    status,
  });
  const city2 = list(1, 1, '2023-01-01', null);
  const province = list(2, 2, '2025-03-01', null);
  it('ends the open-ended earlier version of the same series the day before, and leaves other series alone', () => {
    expect(
      publishPlan(
        [city2, province, list(3, 1, '2025-06-01', null, ListStatus.DRAFT)],
        list(3, 1, '2025-06-01', null, ListStatus.DRAFT),
      ),
    ).toEqual({
      end: [{ id: 1, effectiveTo: '2025-05-31' }],
    });
  });
  it('refuses a version that would cut back a later one', () => {
    expect(() => publishPlan([city2], list(4, 1, '2022-06-01', null, ListStatus.DRAFT))).toThrow(/重叠/);
  });
  it('consults every series in force on a date', () => {
    expect(listsInForce([city2, province], '2025-04-01').map((l) => l.id)).toEqual([1, 2]);
    expect(listsInForce([city2, province], '2025-02-01').map((l) => l.id)).toEqual([1]);
  });
});

describe('money: multiplied first, rounded once; tiers meet without gaps', () => {
  it('every basis and multiple gives contiguous tiers inside the statutory range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000_000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 2000 }),
        (basis, lo, extra) => {
          const v = version({
            fineKind: FineKind.MULTIPLE,
            fineBasis: FineBasis.GOODS_VALUE,
            fineMin: null,
            fineMax: null,
            multipleMin: lo,
            multipleMax: lo + extra,
          });
          const fine = statutoryFine(v, basis, false)!;
          const r = tierRanges(v, fine, null, false);
          const [l, s, h] = [r.get(Tier.LIGHTER)!, r.get(Tier.STANDARD)!, r.get(Tier.HEAVIER)!];
          // Statutory ends: minimum rounded up, maximum down (unless no whole fen lies between them).
          const [min, max] = [
            (BigInt(basis) * BigInt(lo) + 99n) / 100n,
            (BigInt(basis) * BigInt(lo + extra)) / 100n,
          ];
          if (min <= max) {
            expect(l.min).toBe(Number(min));
            expect(h.max).toBe(Number(max));
          }
          expect(h.min).toBeLessThanOrEqual(h.max);
          // Adjacent tiers share their boundary.
          expect(l.max).toBe(s.min);
          expect(s.max).toBe(h.min);
          expect(l.min).toBeLessThanOrEqual(l.max);
          expect(r.get(Tier.MITIGATED)!.max).toBe(Math.max(0, l.min - 1));
        },
      ),
      { numRuns: 300, seed: 20261130 },
    );
  });
  it('a basis below the threshold takes the fallback range; the serious band replaces the main one', () => {
    const v = version({
      fineKind: FineKind.MULTIPLE,
      fineBasis: FineBasis.ILLEGAL_GAIN,
      fineMin: null,
      fineMax: null,
      multipleMin: 100,
      multipleMax: 500,
      fallbackBelow: 1_000_000,
      fallbackMin: 500_000,
      fallbackMax: 5_000_000,
      seriousMin: 500,
      seriousMax: 1000,
    });
    expect(statutoryFine(v, 999_999, false)).toMatchObject({
      source: 'FALLBACK',
      lo: 50_000_000n,
      hi: 500_000_000n,
    });
    // An amount not yet established is no ground for the fallback: the range stays in multiples.
    expect(statutoryFine(v, null, false)).toMatchObject({ source: 'MAIN', unit: 'MULTIPLE_OF_ILLEGAL_GAIN' });
    expect(statutoryFine(v, 0, false)).toMatchObject({ source: 'FALLBACK' });
    expect(statutoryFine(v, 1_000_000, false)).toMatchObject({ source: 'MAIN', lo: 100_000_000n });
    expect(statutoryFine(v, 1_000_000, true)).toMatchObject({
      source: 'SERIOUS',
      lo: 500_000_000n,
      hi: 1_000_000_000n,
    });
  });
});
