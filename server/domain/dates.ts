/**
 * Calendar arithmetic on `YYYY-MM-DD` strings, as Chinese law counts periods
 * (民法典 Art. 201–202): a period in months or years ends on the corresponding day of the
 * last month, or on that month's last day where it has no such day.
 */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export const addYears = (iso: string, years: number) => addMonths(iso, years * 12);

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
}

/** Whether `date` lies in the effective period [from, to] (to open when null). */
export function inForce(date: string, from: string, to: string | null | undefined): boolean {
  return from <= date && (to === null || to === undefined || date <= to);
}

/** Today in the city's time zone (UTC+8): a decision made at 07:00 in 包头 is dated that day. */
export function todayIso(now: Date = new Date()): string {
  return CITY_DAY.format(now);
}
const CITY_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });
