import { PassThrough, type Writable } from 'node:stream';
import { once } from 'node:events';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { ZipFile } from 'yazl';
import { type Harm, type CaseStatus, type EnterpriseScale } from '../domain/enums';
import { CASE_STATUS_ZH } from '../domain/case-review';
import { KIND_ZH, TIER_ZH } from '../domain/leniency';
import { fromCents } from '../domain/money';
import * as E from '../db/entities';

/*
 * Lists exported as CSV (UTF-8 with BOM, so Excel reads the Chinese) or XLSX, streamed page by
 * page (keyset on id), so that a million rows take the memory of one page. The caller passes
 * the same filter and read scope as the list page.
 */
export type ExportFormat = 'csv' | 'xlsx';
type Cell = string | number | null;
interface Column<T> {
  header: string;
  value: (row: T) => Cell;
}

const HARM_ZH: Record<Harm, string> = { NONE: '无', MINOR: '轻微', GENERAL: '一般', SERIOUS: '严重' };
const SCALE_ZH: Record<EnterpriseScale, string> = {
  MICRO: '微型',
  SMALL: '小型',
  MEDIUM: '中型',
  LARGE: '大型',
};
const money = (v: number | null | undefined) => (v === null || v === undefined ? null : fromCents(v));

export const CASE_COLUMNS: Column<E.PenaltyCase>[] = [
  { header: '案件编号', value: (c) => c.caseNumber },
  { header: '企业名称', value: (c) => c.enterprise.getEntity().name },
  { header: '统一社会信用代码', value: (c) => c.enterprise.getEntity().creditCode },
  { header: '违法行为', value: (c) => c.offence.getEntity().title },
  { header: '执法部门', value: (c) => c.department.getEntity().name },
  { header: '旗县区', value: (c) => c.district.getEntity().name },
  { header: '违法行为发生日期', value: (c) => c.offenceDate },
  { header: '发现日期', value: (c) => c.discoveredDate ?? null },
  { header: '决定日期', value: (c) => c.decisionDate ?? null },
  { header: '危害后果', value: (c) => HARM_ZH[c.harm as Harm] },
  { header: '处理结果', value: (c) => (c.outcome ? TIER_ZH[c.outcome] : null) },
  {
    header: '适用清单事项',
    value: (c) => (c.item ? `第${c.item.getEntity().number}项 ${KIND_ZH[c.item.getEntity().kind]}` : null),
  },
  { header: '罚款（元）', value: (c) => money(c.fine) },
  { header: '参考罚款（元）', value: (c) => money(c.referenceFine) },
  { header: '减免金额（元）', value: (c) => money(c.relief) },
  { header: '状态', value: (c) => CASE_STATUS_ZH[c.status as CaseStatus] },
];

export const ENTERPRISE_COLUMNS: Column<E.Enterprise>[] = [
  { header: '统一社会信用代码', value: (e) => e.creditCode },
  { header: '企业名称', value: (e) => e.name },
  { header: '法定代表人', value: (e) => e.legalRepresentative ?? null },
  { header: '旗县区', value: (e) => e.district?.getEntity().name ?? null },
  { header: '行业', value: (e) => e.industry ?? null },
  { header: '规模', value: (e) => (e.scale ? SCALE_ZH[e.scale] : null) },
  { header: '地址', value: (e) => e.address ?? null },
  { header: '成立日期', value: (e) => e.registeredAt ?? null },
];

const PAGE = 2000;

/** The matching rows, a page at a time, in id order (keyset: no OFFSET that slows with depth). */
async function* pages<T extends { id: number }>(
  em: EntityManager,
  entity: new () => T,
  where: FilterQuery<T>,
  populate: string[],
) {
  let last = 0;
  for (;;) {
    const fork = em.fork(); // a fresh identity map per page keeps memory flat
    const rows: T[] = (await fork.find(
      entity,
      { $and: [where, { id: { $gt: last } }] },
      {
        orderBy: { id: 'asc' } as never,
        limit: PAGE,
        populate: populate as never,
      },
    )) as T[];
    if (!rows.length) return;
    yield rows;
    last = rows[rows.length - 1].id;
    if (rows.length < PAGE) return;
  }
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

const csvCell = (v: Cell) => {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const s = v;
  // A text cell that starts like a formula is neutralised, so that a spreadsheet shows it as text.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
};
// XML 1.0 cannot carry most control characters: they are dropped.
// eslint-disable-next-line no-control-regex -- these are exactly the characters XML forbids
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const xmlText = (s: string) =>
  s
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
    .replace(XML_FORBIDDEN, '');
const column = (i: number) => {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};
const xlsxRow = (cells: Cell[], r: number) =>
  `<row r="${r}">${cells
    .map((v, i) =>
      v === null
        ? ''
        : typeof v === 'number'
          ? `<c r="${column(i)}${r}"><v>${v}</v></c>`
          : `<c r="${column(i)}${r}" t="inlineStr"><is><t xml:space="preserve">${xmlText(v)}</t></is></c>`,
    )
    .join('')}</row>`;

const XLSX_PARTS: Record<string, string> = {
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  '_rels/.rels':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  'xl/_rels/workbook.xml.rels':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
};

/** Streams the rows to `out` in the format; returns how many data rows were written. */
export async function exportRows<T extends { id: number }>(
  em: EntityManager,
  entity: new () => T,
  where: FilterQuery<T>,
  populate: string[],
  columns: Column<T>[],
  format: ExportFormat,
  sheetName: string,
  out: Writable,
): Promise<number> {
  let count = 0;
  if (format === 'csv') {
    await write(out, `\uFEFF${columns.map((c) => csvCell(c.header)).join(',')}\r\n`);
    for await (const rows of pages(em, entity, where, populate)) {
      await write(
        out,
        rows.map((r) => columns.map((c) => csvCell(c.value(r))).join(',')).join('\r\n') + '\r\n',
      );
      count += rows.length;
    }
    out.end();
    return count;
  }
  const zip = new ZipFile();
  zip.outputStream.pipe(out);
  for (const [name, xml] of Object.entries(XLSX_PARTS)) zip.addBuffer(Buffer.from(xml), name);
  zip.addBuffer(
    Buffer.from(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${xmlText(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/workbook.xml',
  );
  const sheet = new PassThrough();
  zip.addReadStream(sheet, 'xl/worksheets/sheet1.xml');
  zip.end();
  await write(
    sheet,
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${xlsxRow(
      columns.map((c) => c.header),
      1,
    )}`,
  );
  for await (const rows of pages(em, entity, where, populate)) {
    await write(
      sheet,
      rows
        .map((r, i) =>
          xlsxRow(
            columns.map((c) => c.value(r)),
            count + i + 2,
          ),
        )
        .join(''),
    );
    count += rows.length;
  }
  sheet.end('</sheetData></worksheet>');
  await once(zip.outputStream, 'end');
  return count;
}
