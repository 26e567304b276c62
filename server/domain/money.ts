import { InvalidInput } from './errors';

/**
 * Money is held as integer fen (1/100 yuan) everywhere inside the system; yuan with at most
 * two decimals only on the wire. Amounts in multiples of illegal gains use the same
 * hundredths so that one column type serves both units.
 */
export type Cents = number;

const MAX_CENTS = Number.MAX_SAFE_INTEGER;

/** A wire amount (yuan) to fen, refusing anything that is not exactly representable. */
export function toCents(amount: number, field: string): Cents {
  if (!Number.isFinite(amount))
    throw new InvalidInput(field, '金额必须是有限数字', 'amount must be a finite number');
  if (amount < 0) throw new InvalidInput(field, '金额不能为负数', 'amount must not be negative');
  const cents = Math.round(amount * 100);
  if (Math.abs(cents - amount * 100) > 1e-6 * Math.max(1, Math.abs(amount)))
    throw new InvalidInput(field, '金额最多保留两位小数', 'amount may have at most two decimals');
  if (cents > MAX_CENTS) throw new InvalidInput(field, '金额过大', 'amount is too large');
  return cents;
}

/** Fen to wire yuan. Exact for every integer fen below 2^53. */
export function fromCents(cents: Cents): number {
  return cents / 100;
}
