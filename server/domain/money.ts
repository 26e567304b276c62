import { InvalidInput } from './errors';

/**
 * Money is held as integer fen (1/100 yuan) everywhere inside the system; yuan with at most
 * two decimals only on the wire. Amounts in multiples of illegal gains use the same
 * hundredths so that one column type serves both units.
 */
export type Cents = number;

/**
 * The largest amount: 9,999,999,999,999.99 yuan. A double holds every decimal of 15
 * significant digits exactly, so every wire amount up to here comes back to the same fen;
 * beyond it (towards 2^53 fen) two amounts a fen apart can read as one.
 */
export const MAX_CENTS = 999_999_999_999_999;

/** A wire amount (yuan) to fen, refusing anything that is not exactly representable. */
export function toCents(amount: number, field: string): Cents {
  if (typeof amount !== 'number' || !Number.isFinite(amount))
    throw new InvalidInput(field, '金额必须是有限数字', 'amount must be a finite number');
  if (amount < 0) throw new InvalidInput(field, '金额不能为负数', 'amount must not be negative');
  if (amount * 100 > MAX_CENTS)
    throw new InvalidInput(
      field,
      '金额过大（最多9999999999999.99）',
      'amount is too large (at most 9999999999999.99)',
    );
  const cents = Math.round(amount * 100);
  // The amount must be exactly its fen: 10.001 is not, and neither is a float that drifted.
  if (fromCents(cents) !== amount)
    throw new InvalidInput(field, '金额最多保留两位小数', 'amount may have at most two decimals');
  return cents;
}

/** Fen to wire yuan. Exact for every integer fen below 2^53. */
export function fromCents(cents: Cents): number {
  return cents / 100;
}
