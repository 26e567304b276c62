import type { RawRow } from './read';

/*
 * The neutral table model: rows of named values, found by their headers' names (with the
 * variants real lists use), never by position. A title row above the header is kept (the
 * list's title), a row whose cells all say one thing is a section heading (一、市场监管领域;
 * 不予处罚事项) that applies to the rows under it, a repeated header row is skipped, and a
 * Word table without a header that continues the previous one keeps its columns.
 */

export interface FieldSpec {
  /** The header names that mean this field, the first being the one exports write. */
  labels: readonly string[];
  required?: boolean;
}
export type TableSpec = Record<string, FieldSpec>;

export interface TableRecord {
  sheet: string;
  line: number;
  values: Record<string, string>;
  /** The section heading the row falls under, if any. */
  section: string | null;
}

export interface TableLayout {
  /** field → the header text it was read from. */
  columns: Record<string, string>;
  /** Headers that matched no field (kept in the plan so a manager sees what was ignored). */
  ignored: string[];
  /** The title row above the header, if the sheet has one. */
  title: string | null;
}

/** 罚款（元） → 罚款, " 违法\n行为 " → 违法行为, *序号 → 序号. */
export const normaliseHeader = (h: string) =>
  h
    .replace(/[\s\u3000]+/g, '')
    .replace(/[（(][^）)]*[）)]$/, '')
    .replace(/^[*＊]|[*＊:：]$/g, '')
    .toLowerCase();

function matchHeader(cells: string[], spec: TableSpec): Map<string, number> | null {
  const found = new Map<string, number>();
  const names = cells.map(normaliseHeader);
  for (const [field, { labels }] of Object.entries(spec)) {
    const wanted = labels.map(normaliseHeader);
    const at = names.findIndex((n, i) => n && wanted.includes(n) && ![...found.values()].includes(i));
    if (at >= 0) found.set(field, at);
  }
  const required = Object.entries(spec).filter(([, s]) => s.required);
  if (found.size < 2 || required.some(([f]) => !found.has(f))) return null;
  return found;
}

/**
 * The distinct non-blank values of a row, as far as reading it needs them: none, one (a title or
 * a section heading, returned), or more (null), without building the set of a data row.
 */
function soleValue(cells: string[]): { count: 0 | 1 | 2; value: string } {
  let value = '';
  for (const c of cells) {
    const t = c.trim();
    if (!t || t === value) continue;
    if (value) return { count: 2, value };
    value = t;
  }
  return { count: value ? 1 : 0, value };
}

export class TableReader {
  layout: TableLayout | null = null;
  private columns: Map<string, number> | null = null;
  private width = 0;
  private sheet: string | null = null;
  private section: string | null = null;
  private title: string | null = null;
  private headerKey = '';
  private headerFirst = '';
  private sheetHasHeader = false;

  constructor(private readonly spec: TableSpec) {}

  /** The record a raw row holds, or null (title, header, section heading, blank). */
  read(row: RawRow): TableRecord | null {
    if (row.sheet !== this.sheet) {
      this.sheet = row.sheet;
      this.sheetHasHeader = false;
      this.section = null;
    }
    const values = soleValue(row.cells);
    if (!values.count) return null;
    if (!this.sheetHasHeader) {
      const header = matchHeader(row.cells, this.spec);
      if (header) {
        this.columns = header;
        this.width = row.cells.length;
        this.sheetHasHeader = true;
        this.headerKey = row.cells.map(normaliseHeader).join('|');
        this.headerFirst = normaliseHeader(row.cells[0]);
        const used = new Set(header.values());
        this.layout = {
          columns: Object.fromEntries([...header].map(([f, i]) => [f, row.cells[i].trim()])),
          ignored: row.cells.filter((c, i) => c.trim() && !used.has(i)).map((c) => c.trim()),
          title: this.title,
        };
        return null;
      }
      // Above any header: a title (one value across the row) or notes. A table without a header
      // continues the previous one where it has as many columns.
      if (!this.columns || row.cells.length !== this.width) {
        if (values.count === 1 && !this.title) this.title = values.value;
        return null;
      }
      this.sheetHasHeader = true;
    }
    if (
      row.cells.length === this.width &&
      normaliseHeader(row.cells[0]) === this.headerFirst &&
      row.cells.map(normaliseHeader).join('|') === this.headerKey
    )
      return null;
    const cols = this.columns!;
    // One value across the row (merged, or alone in it): a section heading.
    if (values.count === 1 && row.cells.length > 2) {
      this.section = values.value;
      return null;
    }
    const record: Record<string, string> = {};
    // An export neutralises cells that start like a formula with a leading quote: undone here.
    for (const [field, i] of cols) {
      const text = (row.cells[i] ?? '').trim();
      record[field] = text.charCodeAt(0) === 39 ? text.replace(/^'(?=[=+\-@])/, '') : text;
    }
    return { sheet: row.sheet, line: row.line, values: record, section: this.section };
  }
}

/** The header names of a spec as an export writes them. */
export const exportHeaders = (spec: TableSpec) => Object.values(spec).map((s) => s.labels[0]);
