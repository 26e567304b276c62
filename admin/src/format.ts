export { todayIso } from '../../server/domain/dates';

/** ¥12,345.00 */
export const yuan = (v: number) =>
  new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' }).format(v);
