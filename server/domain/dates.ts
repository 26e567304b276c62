/**
 * Calendar arithmetic on `YYYY-MM-DD` strings, as Chinese law counts periods
 * (民法典 Art. 201–202): a period in months or years ends on the corresponding day of the
 * last month, or on that month's last day where it has no such day.
 */
export function addMonths(iso: string, months: number): string {
  const total = Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1 + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const day = Math.min(Number(iso.slice(8, 10)), daysInMonth(year, month));
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Days in a month of the proleptic Gregorian calendar (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export const addYears = (iso: string, years: number) => addMonths(iso, years * 12);

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
}

/** Before any record: where a clause in force "since always" starts, and a never-before look-back. */
export const SINCE_RECORDS = '1900-01-01';

/** Whether `date` lies in the effective period [from, to] (to open when null). */
export function inForce(date: string, from: string, to: string | null | undefined): boolean {
  return from <= date && (to === null || to === undefined || date <= to);
}

/**
 * Today in the city's time zone: a decision made at 07:00 in 包头 is dated that day. China has
 * kept UTC+8 all year since 1991, so the day is plain arithmetic, and the answer is kept until
 * the city's midnight (it is asked on every check).
 */
export function todayIso(now: Date = new Date()): string {
  const t = now.getTime();
  if (t < cityDay.from || t >= cityDay.until) {
    const day = Math.floor((t + CITY_UTC_OFFSET_MS) / DAY_MS);
    cityDay = {
      from: day * DAY_MS - CITY_UTC_OFFSET_MS,
      until: (day + 1) * DAY_MS - CITY_UTC_OFFSET_MS,
      iso: new Date(day * DAY_MS).toISOString().slice(0, 10),
    };
  }
  return cityDay.iso;
}
const CITY_UTC_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
let cityDay = { from: 0, until: 0, iso: '' };
