import { describe, expect, it } from 'vitest';
import { defaultTiers } from '../../server/domain/baseline';
import { addMonths, addYears, daysInMonth, todayIso } from '../../server/domain/dates';
import { isIsoDate } from '../../server/graphql/scalars';
import { RiskLevel, Tier } from '../../server/domain/enums';
import { InvalidInput } from '../../server/domain/errors';
import { fromCents, toCents } from '../../server/domain/money';
import { riskIndexOf, riskLevelOf } from '../../server/domain/report';

describe('periods counted as 民法典 Art. 201–202', () => {
  it.each([
    ['2022-03-10', 24, '2024-03-10'],
    ['2024-02-29', 24, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-12-15', 1, '2025-01-15'],
    ['2025-01-15', -12, '2024-01-15'],
  ])('%s plus %i months is %s', (from, months, to) => {
    expect(addMonths(from, months)).toBe(to);
  });

  it('adds years as twelve months', () => {
    expect(addYears('2020-02-29', 5)).toBe('2025-02-28');
  });

  it('agrees with the calendar on every month end from 1999 to 2101', () => {
    for (let year = 1999; year <= 2101; year++)
      for (let month = 1; month <= 12; month++)
        expect(daysInMonth(year, month)).toBe(new Date(Date.UTC(year, month, 0)).getUTCDate());
  });

  it('reads only real calendar dates as dates', () => {
    for (const real of ['2024-02-29', '2000-02-29', '2025-12-31', '2025-04-30', '2025-01-01'])
      expect(isIsoDate(real), real).toBe(true);
    for (const bad of [
      '2023-02-29',
      '2100-02-29',
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-01-00',
      '2025-1-01',
      '20250101',
      '',
    ])
      expect(isIsoDate(bad), bad).toBe(false);
  });

  it("changes 'today' exactly at the city's midnight, in either direction", () => {
    expect(todayIso(new Date('2026-11-27T15:59:59.999Z'))).toBe('2026-11-27');
    expect(todayIso(new Date('2026-11-27T16:00:00.000Z'))).toBe('2026-11-28');
    expect(todayIso(new Date('2026-11-28T15:59:59.999Z'))).toBe('2026-11-28');
    expect(todayIso(new Date('2026-11-28T16:00:00.000Z'))).toBe('2026-11-29');
    expect(todayIso(new Date('2026-11-27T15:59:59.999Z'))).toBe('2026-11-27');
    expect(todayIso(new Date('1999-12-31T16:00:00.000Z'))).toBe('2000-01-01');
  });

  it("dates 'today' in the city's time zone (UTC+8)", () => {
    expect(todayIso(new Date('2026-11-27T16:00:00Z'))).toBe('2026-11-28');
    expect(todayIso(new Date('2026-11-27T17:00:00Z'))).toBe('2026-11-28');
    expect(todayIso(new Date('2026-11-27T15:59:00Z'))).toBe('2026-11-27');
  });
});

describe('money is exact', () => {
  it('converts yuan to fen without drift', () => {
    expect(toCents(0.1, 'fine') + toCents(0.2, 'fine')).toBe(30);
    expect(toCents(12345.67, 'fine')).toBe(1234567);
    expect(fromCents(1234567)).toBe(12345.67);
    expect(toCents(19.99, 'fine')).toBe(1999);
  });

  it.each([
    [12.345, 'at most two decimals'],
    [-1, 'must not be negative'],
    [Number.NaN, 'finite'],
  ])('refuses %d', (amount, message) => {
    expect(() => toCents(amount, 'fine')).toThrow(InvalidInput);
    expect(() => toCents(amount, 'fine')).toThrow(message);
  });
});

describe('default discretion tiers (DOMAIN.md worked example)', () => {
  it('splits 10,000–100,000 at 30% and 70%', () => {
    const tiers = Object.fromEntries(
      defaultTiers(1_000_000, 10_000_000).map((t) => [t.level, [t.min / 100, t.max / 100]]),
    );
    expect(tiers[Tier.LIGHTER]).toEqual([10000, 37000]);
    expect(tiers[Tier.STANDARD]).toEqual([37000, 73000]);
    expect(tiers[Tier.HEAVIER]).toEqual([73000, 100000]);
    expect(tiers[Tier.MITIGATED]).toEqual([0, 9999.99]);
    expect(tiers[Tier.NONE]).toEqual([0, 0]);
  });
});

describe('report risk index', () => {
  const f = (riskLevel: RiskLevel, rectified = false) => ({ riskLevel, rectified });
  it.each([
    [[], 0, RiskLevel.LOW],
    [[f(RiskLevel.LOW)], 10, RiskLevel.LOW],
    [[f(RiskLevel.GENERAL)], 35, RiskLevel.GENERAL],
    [[f(RiskLevel.SIGNIFICANT), f(RiskLevel.GENERAL)], 64, RiskLevel.SIGNIFICANT],
    [[f(RiskLevel.MAJOR)], 85, RiskLevel.MAJOR],
    [[f(RiskLevel.MAJOR, true)], 21, RiskLevel.LOW],
    [[f(RiskLevel.MAJOR), f(RiskLevel.MAJOR), f(RiskLevel.MAJOR)], 100, RiskLevel.MAJOR],
  ])('%j scores %i (%s)', (findings, index, level) => {
    expect(riskIndexOf(findings)).toBe(index);
    expect(riskLevelOf(riskIndexOf(findings))).toBe(level);
  });
});
