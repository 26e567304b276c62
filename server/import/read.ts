import fs from 'node:fs';
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { InvalidInput } from '../domain/errors';

/*
 * Readers: a file (XLSX, CSV in UTF-8 / UTF-8 with BOM / GBK-GB18030, or the tables of a DOCX)
 * becomes rows of text cells, each with where it came from. Merged cells read as their value in
 * every cell they cover (a 执法部门 merged down over twenty rows names each of them); cells keep
 * their line breaks. CSV streams; XLSX and DOCX are read whole (lists and baselines are small,
 * and volume data comes as CSV).
 */

export type Format = 'xlsx' | 'csv' | 'docx';

export interface RawRow {
  /** Sheet name, or 表1, 表2… for the tables of a Word document, or "" for CSV. */
  sheet: string;
  /** 1-based row in its sheet/table, or line record number in a CSV. */
  line: number;
  cells: string[];
}

export interface OpenedTable {
  format: Format;
  /** The encoding a CSV was read in (utf-8, utf-8-bom, gb18030). */
  encoding: string | null;
  rows: AsyncIterable<RawRow>;
}

export type Source = { buffer: Buffer; name: string } | { path: string; name?: string };

/** Files above this size are refused unless they are CSV (which streams). */
const MAX_WHOLE_FILE = 64 * 1024 * 1024;

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

async function head(source: Source, bytes: number): Promise<Buffer> {
  if ('buffer' in source) return source.buffer.subarray(0, bytes);
  const fd = await fs.promises.open(source.path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fd.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fd.close();
  }
}

async function whole(source: Source): Promise<Buffer> {
  if ('buffer' in source) return source.buffer;
  const { size } = await fs.promises.stat(source.path);
  if (size > MAX_WHOLE_FILE)
    throw new InvalidInput(
      'file',
      `文件过大（${Math.round(size / 1048576)} MB）：Excel和Word文件最多64 MB，大批数据请用CSV`,
      `the file is too large (${Math.round(size / 1048576)} MB): XLSX and DOCX up to 64 MB; use CSV for volume data`,
    );
  return fs.promises.readFile(source.path);
}

/** Which encoding a CSV is in: a BOM, else strict UTF-8 over the first megabyte, else GB18030 (a superset of GBK). */
export function detectEncoding(sample: Buffer): 'utf-8-bom' | 'utf-16le' | 'utf-8' | 'gb18030' {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8-bom';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  // A sample may end inside a character: leave out an incomplete last sequence.
  let end = sample.length;
  for (let i = Math.max(0, end - 3); i < end; i++) {
    const b = sample[i];
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (need > 1 && i + need > end) {
      end = i;
      break;
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** Opens a file as rows, by its content (a ZIP is XLSX or DOCX by what it holds), not its name. */
export async function openTable(source: Source): Promise<OpenedTable> {
  const start = await head(source, 1 << 20);
  if (start.length === 0) throw new InvalidInput('file', '文件是空的', 'the file is empty');
  if (start.subarray(0, 4).equals(ZIP_MAGIC)) {
    const zip = await JSZip.loadAsync(await whole(source)).catch(() => {
      throw new InvalidInput(
        'file',
        '文件已损坏，无法作为Excel或Word文件打开',
        'the file is damaged: not a readable XLSX or DOCX',
      );
    });
    if (zip.file('word/document.xml')) return { format: 'docx', encoding: null, rows: docxRows(zip) };
    if (zip.file('xl/workbook.xml'))
      return { format: 'xlsx', encoding: null, rows: xlsxRows(await whole(source)) };
    throw new InvalidInput(
      'file',
      '压缩文件中既不是Excel表格也不是Word文档',
      'the ZIP holds neither an XLSX workbook nor a DOCX document',
    );
  }
  if (start.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))
    throw new InvalidInput(
      'file',
      '这是旧版Excel（.xls）或Word（.doc）文件，请另存为.xlsx或.docx后再导入',
      'this is a legacy .xls/.doc file: save it as .xlsx or .docx first',
    );
  const encoding = detectEncoding(start);
  return { format: 'csv', encoding, rows: csvRows(source, encoding, start) };
}

async function* csvRows(source: Source, encoding: string, sample: Buffer): AsyncGenerator<RawRow> {
  const firstLine = iconv
    .decode(sample.subarray(0, 4096), encoding === 'utf-8-bom' ? 'utf-8' : encoding)
    .split(/\r?\n/)[0];
  const delimiter = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  const bytes =
    'buffer' in source
      ? Readable.from([source.buffer])
      : fs.createReadStream(source.path, { highWaterMark: 1 << 20 });
  const options = { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false };
  const records: AsyncIterable<string[]> =
    encoding === 'utf-8' || encoding === 'utf-8-bom'
      ? utf8Records(bytes, options)
      : bytes
          .pipe(iconv.decodeStream(encoding, { stripBOM: true }))
          .pipe(parseCsv({ ...options, bom: true }));
  let line = 0;
  try {
    for await (const record of records) {
      line++;
      for (let i = 0; i < record.length; i++)
        if (record[i].includes('\r')) record[i] = record[i].replace(/\r\n?/g, '\n');
      yield { sheet: '', line, cells: record };
    }
  } catch (error) {
    throw new InvalidInput(
      'file',
      `CSV第${line + 1}行无法读取：${(error as Error).message}`,
      `CSV record ${line + 1} cannot be read: ${(error as Error).message}`,
    );
  }
}

const QUOTE = 0x22;

/**
 * The records of UTF-8 CSV bytes, as csv-parse reads them (a BOM dropped, the line ending the
 * first line uses, an empty line as one empty cell). While no quote character has come, lines
 * are split straight from the bytes, at a fraction of csv-parse's cost on a million rows; from
 * the first chunk with a quote on, the rest (from the start of its line) goes to csv-parse.
 */
async function* utf8Records(
  bytes: AsyncIterable<Buffer>,
  options: {
    delimiter: string;
    relax_column_count: boolean;
    relax_quotes: boolean;
    skip_empty_lines: boolean;
  },
): AsyncGenerator<string[]> {
  const chunks = bytes[Symbol.asyncIterator]();
  const delimiter = options.delimiter.charCodeAt(0);
  let pending: Buffer = Buffer.alloc(0);
  let eol: Buffer | null = null;
  let atStart = true;
  for (;;) {
    const next = await chunks.next();
    if (next.done) break;
    let buf: Buffer = pending.length ? Buffer.concat([pending, next.value]) : next.value;
    if (atStart) {
      if (buf.length < 3 && !pending.length) {
        pending = buf;
        continue;
      }
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      // The record delimiter, as csv-parse finds it: the first \r\n, \n or \r.
      const cr = buf.indexOf(0x0d);
      const lf = buf.indexOf(0x0a);
      if (lf >= 0 && (cr < 0 || cr > lf)) eol = Buffer.from('\n');
      else if (cr >= 0 && cr + 1 < buf.length && buf[cr + 1] === 0x0a) eol = Buffer.from('\r\n');
    }
    if (!eol || buf.indexOf(QUOTE) >= 0) {
      // Quotes (or line ends this reader does not split): csv-parse reads the rest.
      yield* parseRest(buf, chunks, options, atStart, eol);
      return;
    }
    atStart = false;
    let pos = 0;
    for (let end = buf.indexOf(eol, pos); end >= 0; end = buf.indexOf(eol, pos)) {
      yield cellsOf(buf, pos, end, delimiter);
      pos = end + eol.length;
    }
    pending = buf.subarray(pos);
  }
  if (atStart && pending.length) {
    yield* parseRest(pending, chunks, options, true, null);
    return;
  }
  if (pending.length) yield cellsOf(pending, 0, pending.length, delimiter);
}

/**
 * The cells of the line buf[start, end), each decoded on its own: a cell split from a decoded
 * line would be a slice of it, and keep the whole line in memory as long as it is kept (a
 * million case numbers in the importer's set of those seen).
 */
function cellsOf(buf: Buffer, start: number, end: number, delimiter: number): string[] {
  const cells: string[] = [];
  let pos = start;
  for (;;) {
    const at = buf.indexOf(delimiter, pos);
    if (at < 0 || at >= end) {
      cells.push(buf.toString('utf8', pos, end));
      return cells;
    }
    cells.push(buf.toString('utf8', pos, at));
    pos = at + 1;
  }
}

async function* parseRest(
  first: Buffer,
  rest: AsyncIterator<Buffer>,
  options: { delimiter: string },
  atStart: boolean,
  eol: Buffer | null,
): AsyncGenerator<string[]> {
  async function* all() {
    yield first;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  }
  yield* Readable.from(all()).pipe(
    parseCsv({
      ...options,
      bom: atStart,
      ...(eol && !atStart ? { record_delimiter: eol.toString() } : {}),
    }),
  ) as AsyncIterable<string[]>;
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (v && typeof v === 'object' && 'result' in v) {
    const r = (v as { result?: unknown }).result;
    return r instanceof Date
      ? r.toISOString().slice(0, 10)
      : typeof r === 'string' || typeof r === 'number' || typeof r === 'boolean'
        ? String(r)
        : '';
  }
  return (cell.text ?? '').replace(/\r\n?/g, '\n');
}

async function* xlsxRows(buffer: Buffer): AsyncGenerator<RawRow> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new InvalidInput(
      'file',
      'Excel文件已损坏，无法读取',
      'the XLSX file is damaged and cannot be read',
    );
  }
  for (const sheet of workbook.worksheets) {
    if (sheet.state && sheet.state !== 'visible') continue;
    const width = sheet.columnCount;
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c)));
      yield { sheet: sheet.name, line: r, cells };
    }
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : (ENTITIES[e] ?? m),
  );

/** The text of one table cell: paragraphs joined by line breaks. */
function docxCellText(xml: string): string {
  const paragraphs = xml.split(/<\/w:p>/).map((p) => {
    let text = '';
    for (const m of p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(tab|br|cr)\b[^>]*\/>/g))
      text += m[1] !== undefined ? unescapeXml(m[1]) : m[2] === 'tab' ? '\t' : '\n';
    return text;
  });
  return paragraphs.join('\n').replace(/\n+$/, '').replace(/^\n+/, '');
}

/** The top-level tables of a document, in order (a table inside a cell is read as that cell's text). */
function topLevelTables(xml: string): string[] {
  const tables: string[] = [];
  const re = /<w:tbl>|<w:tbl\s[^>]*>|<\/w:tbl>/g;
  let depth = 0;
  let start = 0;
  for (const m of xml.matchAll(re)) {
    if (m[0] === '</w:tbl>') {
      depth--;
      if (depth === 0) tables.push(xml.slice(start, m.index + m[0].length));
    } else {
      if (depth === 0) start = m.index;
      depth++;
    }
  }
  return tables;
}

/** Splits `xml` into the children named `tag` at its own level (not those of nested tables). */
function children(xml: string, tag: 'w:tr' | 'w:tc'): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}>|<${tag}\\s[^>]*>|</${tag}>|<w:tbl>|</w:tbl>`, 'g');
  let depth = 0;
  let nested = 0;
  let start = 0;
  for (const m of xml.matchAll(re)) {
    if (m[0] === '<w:tbl>') nested++;
    else if (m[0] === '</w:tbl>') nested--;
    else if (nested > 1) continue;
    else if (m[0].startsWith('</')) {
      depth--;
      if (depth === 0) out.push(xml.slice(start, m.index + m[0].length));
    } else {
      if (depth === 0) start = m.index;
      depth++;
    }
  }
  return out;
}

async function* docxRows(zip: JSZip): AsyncGenerator<RawRow> {
  const xml = await zip.file('word/document.xml')!.async('string');
  let t = 0;
  for (const table of topLevelTables(xml)) {
    t++;
    const above: string[] = [];
    let line = 0;
    for (const tr of children(table, 'w:tr')) {
      line++;
      const cells: string[] = [];
      for (const tc of children(tr, 'w:tc')) {
        const props = /<w:tcPr>([\s\S]*?)<\/w:tcPr>/.exec(tc)?.[1] ?? '';
        const span = Number(/<w:gridSpan w:val="(\d+)"/.exec(props)?.[1] ?? 1);
        const vMerge = /<w:vMerge(?: w:val="(\w+)")?\s*\/>/.exec(props);
        const col = cells.length;
        // A vertically merged cell continues the one above it (w:vMerge without "restart").
        const text = vMerge && vMerge[1] !== 'restart' ? (above[col] ?? '') : docxCellText(tc);
        for (let i = 0; i < span; i++) cells.push(text);
      }
      cells.forEach((c, i) => (above[i] = c));
      yield { sheet: `表${t}`, line, cells };
    }
  }
}
