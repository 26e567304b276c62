import crypto from 'node:crypto';
import fs from 'node:fs';
import type { EntityManager } from '@mikro-orm/core';
import { InvalidInput } from '../domain/errors';
import { writeTransaction } from '../db/transactions';
import { audit } from '../services/audit';
import type { AuthUser } from '../services/auth';
import { openTable, type Format, type Source } from './read';
import { TableReader, type TableLayout, type TableRecord, type TableSpec } from './table';

/*
 * A dry run first, then a confirmed import (issue #14): every row is planned (CREATE, MATCH,
 * CHANGE or REJECT, with its reasons in Chinese and English); only a confirmed import writes,
 * in one transaction, and only when no row is rejected: all rows or none. The import is audited
 * with the SHA-256 of its file, so that the file a manager confirmed is the file written.
 */

export enum ImportKind {
  LIST = 'LIST',
  BASELINE = 'BASELINE',
  ENTERPRISE = 'ENTERPRISE',
  CASE = 'CASE',
}

export enum RowAction {
  CREATE = 'CREATE',
  MATCH = 'MATCH',
  CHANGE = 'CHANGE',
  REJECT = 'REJECT',
}

export interface PlanRow {
  sheet: string;
  line: number;
  action: RowAction;
  /** What the row is about: 第3项 未按规定公示…, a credit code, a case number. */
  target: string;
  /** Why: the match found, what changes, or why it is refused (and things to check). */
  reasonsZh: string[];
  reasonsEn: string[];
}

/** What the manager chose besides the file (a list version's series, number and dates…). */
export interface ImportOptions {
  kind: ImportKind;
  series?: string | null;
  version?: string | null;
  title?: string | null;
  issuer?: string | null;
  effectiveFrom?: string | null;
  effectiveTo?: string | null;
  /** Department code for rows that do not name one (a department's own list). */
  department?: string | null;
  /** 首违 window for items that say only 首次: months, CALENDAR_YEAR or EVER. */
  firstOffenceWindow?: string | null;
}

export interface ImportPlan {
  kind: ImportKind;
  fileName: string;
  format: Format;
  encoding: string | null;
  sha256: string;
  layout: TableLayout;
  counts: Record<RowAction, number>;
  totalRows: number;
  /** The rows shown (every rejected row up to a limit, the others up to a limit). */
  rows: PlanRow[];
  /** Notes on the whole import (a series to be created, a draft to be replaced…). */
  notesZh: string[];
  notesEn: string[];
  written: boolean;
  /** After a confirmed import: the record it made (a list version) and what it wrote. */
  result: { entityType: string; entityId: number | null; created: number; changed: number } | null;
}

export interface Planned<P> {
  row: PlanRow;
  payload?: P;
}

/** One kind of import: reads its rows into plans, and writes them. */
export interface Importer<P> {
  spec: TableSpec;
  /** Called once the header is known, before the first row is planned. */
  prepare(em: EntityManager, layout: TableLayout): Promise<void>;
  plan(em: EntityManager, batch: TableRecord[]): Promise<Planned<P>[]>;
  /** Streams a batch of accepted rows into the open transaction (volume kinds). */
  writeBatch?(em: EntityManager, batch: Planned<P>[]): Promise<void>;
  /**
   * Writes what was kept to the end (lists, baselines), or finishes (statistics); returns the
   * record made. `phase(label)` closes a timed step of the finish (shown to an operator).
   */
  finish(
    em: EntityManager,
    all: Planned<P>[],
    phase: (label: string) => void,
  ): Promise<{ entityType: string; entityId: number | null }>;
  /**
   * Once every row is planned (kinds that keep payloads): rows refused for what only the rows
   * together show (a baseline's tiers against the statutory range), with the reason.
   */
  review?(all: Planned<P>[]): { row: PlanRow; zh: string; en: string }[];
  /** Whether payloads are kept for `finish` (small kinds) or dropped after `writeBatch`. */
  keepsPayloads: boolean;
  notesZh: string[];
  notesEn: string[];
}

export const reject = (zh: string, en: string): Pick<PlanRow, 'action' | 'reasonsZh' | 'reasonsEn'> => ({
  action: RowAction.REJECT,
  reasonsZh: [zh],
  reasonsEn: [en],
});

const BATCH = 1000;
const SHOWN = 2000;

export async function sha256Of(source: Source): Promise<string> {
  const hash = crypto.createHash('sha256');
  if ('buffer' in source) return hash.update(source.buffer).digest('hex');
  for await (const chunk of fs.createReadStream(source.path, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

class RolledBack extends Error {}

export interface RunOptions {
  /** Write (a confirmed import) or only plan (the dry run). */
  write: boolean;
  user: Pick<AuthUser, 'id' | 'username'> | null;
  /** With `write`: the hash the manager saw in the dry run; a different file is refused. */
  expectSha256?: string | null;
  onProgress?: (rows: number) => void;
  /** Told each step of the run as it ends (reading and planning, each step of the finish), with its seconds. */
  onPhase?: (label: string, seconds: number) => void;
}

/**
 * Plans (and, with `write`, imports) a file. The write happens in one transaction that is
 * rolled back if any row is rejected, so a file with bad rows changes nothing.
 */
export async function runImport<P>(
  em: EntityManager,
  source: Source,
  fileName: string,
  kind: ImportKind,
  importer: Importer<P>,
  options: RunOptions,
): Promise<ImportPlan> {
  let mark = performance.now();
  const phase = (label: string) => {
    const now = performance.now();
    options.onPhase?.(label, (now - mark) / 1000);
    mark = now;
  };
  const sha256 = await sha256Of(source);
  phase('SHA-256 of the file');
  if (options.write && options.expectSha256 && options.expectSha256 !== sha256)
    throw new InvalidInput(
      'sha256',
      '文件与试导入时的文件不同（哈希值不一致），请重新试导入',
      'the file differs from the one of the dry run (SHA-256 mismatch): run the dry run again',
    );
  const plan: ImportPlan = {
    kind,
    fileName,
    format: 'csv',
    encoding: null,
    sha256,
    layout: { columns: {}, ignored: [], title: null },
    counts: { CREATE: 0, MATCH: 0, CHANGE: 0, REJECT: 0 },
    totalRows: 0,
    rows: [],
    notesZh: importer.notesZh,
    notesEn: importer.notesEn,
    written: false,
    result: null,
  };
  // Run again from the start if the transaction is retried (db/transactions.ts): the file is
  // read afresh and the counts start over.
  const work = async (tx: EntityManager) => {
    const opened = await openTable(source);
    plan.format = opened.format;
    plan.encoding = opened.encoding;
    plan.counts = { CREATE: 0, MATCH: 0, CHANGE: 0, REJECT: 0 };
    plan.totalRows = 0;
    plan.rows = [];
    let shownRejects = 0;
    // A batch is written while the next one is read and planned (one statement at a time on the
    // transaction's connection, so the order holds); its failure surfaces at the next await.
    const writes: { pending: Promise<void> | null } = { pending: null };
    const reader = new TableReader(importer.spec);
    const kept: Planned<P>[] = [];
    let batch: TableRecord[] = [];
    let prepared = false;
    const flush = async () => {
      if (!batch.length) return;
      if (!prepared) {
        await importer.prepare(tx, reader.layout!);
        prepared = true;
      }
      const planned = await importer.plan(tx, batch);
      batch = [];
      const accepted: Planned<P>[] = [];
      for (const p of planned) {
        plan.totalRows++;
        plan.counts[p.row.action]++;
        const isReject = p.row.action === RowAction.REJECT;
        if (plan.rows.length < SHOWN || (isReject && shownRejects < SHOWN)) {
          plan.rows.push(p.row);
          if (isReject) shownRejects++;
        }
        if (p.row.action !== RowAction.REJECT) accepted.push(p);
      }
      if (importer.keepsPayloads) kept.push(...planned);
      else if (options.write && plan.counts.REJECT === 0 && importer.writeBatch) {
        await writes.pending;
        writes.pending = importer.writeBatch(tx, accepted);
        writes.pending.catch(() => undefined);
      }
      options.onProgress?.(plan.totalRows);
    };
    for await (const raw of opened.rows) {
      const record = reader.read(raw);
      if (reader.layout) plan.layout = reader.layout;
      if (!record) continue;
      batch.push(record);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    await writes.pending;
    for (const { row, zh, en } of importer.review?.(kept) ?? []) {
      if (row.action === RowAction.REJECT) continue;
      plan.counts[row.action]--;
      plan.counts.REJECT++;
      Object.assign(row, reject(zh, en));
      if (!plan.rows.includes(row) && shownRejects < SHOWN) {
        plan.rows.push(row);
        shownRejects++;
      }
    }
    if (!reader.layout)
      throw new InvalidInput(
        'file',
        `未找到表头：需要的列有 ${Object.values(importer.spec)
          .filter((s) => s.required)
          .map((s) => s.labels.slice(0, 3).join('/'))
          .join('、')}`,
        `no header row found: the required columns are ${Object.entries(importer.spec)
          .filter(([, s]) => s.required)
          .map(([f]) => f)
          .join(', ')}`,
      );
    if (!plan.totalRows)
      throw new InvalidInput('file', '表头下没有任何数据行', 'there are no rows under the header');
    phase(options.write ? 'read, plan and write the rows' : 'read and plan the rows');
    if (!options.write) return;
    if (plan.counts.REJECT > 0) throw new RolledBack();
    const made = await importer.finish(tx, kept, phase);
    audit(tx, options.user, 'import', made.entityType, made.entityId, {
      kind,
      file: fileName,
      sha256,
      format: plan.format,
      encoding: plan.encoding,
      rows: plan.totalRows,
      counts: plan.counts,
    });
    await tx.flush();
    phase('audit');
    plan.written = true;
    plan.result = {
      ...made,
      created: plan.counts.CREATE,
      changed: plan.counts.CHANGE,
    };
  };
  if (!options.write) {
    await work(em);
    return plan;
  }
  try {
    await writeTransaction(em, work);
    phase('commit');
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  return plan;
}
