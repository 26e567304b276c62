import { Tier } from './enums';
import type { Cents } from './money';

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
