import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager, Knex } from '@mikro-orm/knex';
import { creditCodeProblem } from '../domain/creditCode';
import type { EnterpriseScale } from '../domain/enums';
import * as E from '../db/entities';
import { bulkInsert, existing as existingRows } from './bulk';
import { zhOf } from '../domain/labels';
import { bestByName } from './match';
import { RowAction, reject, type Importer, type Planned } from './plan';
import type { TableRecord, TableSpec } from './table';
import { enumFrom, isoDateOf, parseDate } from './values';

const SCALE_ZH = zhOf('EnterpriseScale');

/*
 * The enterprise register 企业名录: one row per enterprise, keyed by its 统一社会信用代码 (checked
 * as GB 32100-2015 says). A known code is matched, or changed where the file says otherwise; a
 * new one is created. Streams: rows are written in batches inside the import's transaction.
 */

export const ENTERPRISE_SPEC: TableSpec = {
  creditCode: {
    labels: ['统一社会信用代码', '社会信用代码', '信用代码', '统一代码', '注册号/统一社会信用代码'],
    required: true,
  },
  name: {
    labels: ['企业名称', '名称', '单位名称', '市场主体名称', '企业（单位）名称', '当事人名称'],
    required: true,
  },
  legalRepresentative: { labels: ['法定代表人', '法人代表', '负责人', '经营者', '法定代表人（负责人）'] },
  district: { labels: ['旗县区', '所属区域', '辖区', '区县', '所在地区', '行政区划', '所属旗县区'] },
  industry: { labels: ['行业', '所属行业', '行业类别', '行业门类'] },
  scale: { labels: ['规模', '企业规模'] },
  address: { labels: ['地址', '住所', '经营场所', '注册地址', '住所（经营场所）'] },
  registeredAt: { labels: ['成立日期', '注册日期', '登记日期', '设立日期'] },
};

interface Row {
  credit_code: string;
  name: string;
  legal_representative: string | null;
  district_id: number | null;
  industry: string | null;
  scale: EnterpriseScale | null;
  address: string | null;
  registered_at: string | null;
}
export interface EnterprisePayload {
  id: number | null;
  row: Row;
}

const FIELDS: (keyof Row)[] = [
  'name',
  'legal_representative',
  'district_id',
  'industry',
  'scale',
  'address',
  'registered_at',
];
const FIELD_ZH: Record<string, string> = {
  name: '名称',
  legal_representative: '法定代表人',
  district_id: '旗县区',
  industry: '行业',
  scale: '规模',
  address: '地址',
  registered_at: '成立日期',
};

export class EnterpriseImporter implements Importer<EnterprisePayload> {
  spec = ENTERPRISE_SPEC;
  keepsPayloads = false;
  notesZh: string[] = [];
  notesEn: string[] = [];
  private districts: { id: number; name: string; code: string }[] = [];
  private seen = new Set<string>();

  async prepare(em: EntityManager): Promise<void> {
    this.seen.clear();
    this.districts = (await em.find(E.District, {})).map((d) => ({ id: d.id, name: d.name, code: d.code }));
  }

  async plan(em: EntityManager, batch: TableRecord[]): Promise<Planned<EnterprisePayload>[]> {
    const codes = batch.map((r) => r.values.creditCode.trim().toUpperCase()).filter(Boolean);
    const existing = new Map<string, Row & { id: number }>();
    for (const r of await existingRows<Row & { id: number }>(
      em,
      'enterprise',
      'credit_code',
      'id, credit_code, name, legal_representative, district_id, industry, scale, address, registered_at',
      codes,
    ))
      existing.set(r.credit_code, { ...r, registered_at: isoDateOf(r.registered_at) });
    return batch.map((r) => this.planRow(r, existing));
  }

  private planRow(r: TableRecord, existing: Map<string, Row & { id: number }>): Planned<EnterprisePayload> {
    const v = r.values;
    const code = v.creditCode.trim().toUpperCase();
    const base = { sheet: r.sheet, line: r.line, target: `${code} ${v.name}`.trim() };
    const no = (zh: string, en: string) => ({ row: { ...base, ...reject(zh, en) } });
    const problem = creditCodeProblem(code);
    if (problem) return no(`统一社会信用代码“${code}”：${problem[0]}`, `creditCode "${code}": ${problem[1]}`);
    if (this.seen.has(code))
      return no('统一社会信用代码在文件中重复', 'the credit code appears twice in the file');
    this.seen.add(code);
    if (!v.name) return no('企业名称为空', 'the name is empty');
    let districtId: number | null = null;
    if (v.district) {
      const d = this.districts.find((x) => x.code === v.district) ?? bestByName(v.district, this.districts);
      if (!d) return no(`旗县区“${v.district}”不在行政区划中`, `district "${v.district}" is not known`);
      districtId = d.id;
    }
    const scale = v.scale ? enumFrom(v.scale, SCALE_ZH) : null;
    if (v.scale && !scale)
      return no(
        `规模“${v.scale}”应为微型、小型、中型或大型`,
        `scale "${v.scale}" is not MICRO, SMALL, MEDIUM or LARGE`,
      );
    const registeredAt = v.registeredAt ? parseDate(v.registeredAt) : null;
    if (v.registeredAt && !registeredAt)
      return no(`成立日期“${v.registeredAt}”不是有效日期`, `registeredAt "${v.registeredAt}" is not a date`);
    const row: Row = {
      credit_code: code,
      name: v.name.slice(0, 200),
      legal_representative: v.legalRepresentative || null,
      district_id: districtId,
      industry: v.industry || null,
      scale,
      address: v.address || null,
      registered_at: registeredAt,
    };
    const before = existing.get(code);
    if (!before)
      return {
        row: { ...base, action: RowAction.CREATE, reasonsZh: ['新企业'], reasonsEn: ['a new enterprise'] },
        payload: { id: null, row },
      };
    // Only what the file states changes: an empty cell keeps the register's value.
    const changed = FIELDS.filter((f) => row[f] !== null && String(row[f]) !== String(before[f] ?? ''));
    if (!changed.length)
      return {
        row: {
          ...base,
          action: RowAction.MATCH,
          reasonsZh: ['与名录一致'],
          reasonsEn: ['as in the register'],
        },
      };
    for (const f of FIELDS) if (row[f] === null) (row as unknown as Record<string, unknown>)[f] = before[f];
    return {
      row: {
        ...base,
        action: RowAction.CHANGE,
        reasonsZh: changed.map((f) => `${FIELD_ZH[f]}：“${String(before[f] ?? '')}”→“${String(row[f])}”`),
        reasonsEn: [`changes ${changed.join(', ')}`],
      },
      payload: { id: before.id, row },
    };
  }

  async writeBatch(em: EntityManager, batch: Planned<EnterprisePayload>[]): Promise<void> {
    const postgres = em.getPlatform().constructor.name.startsWith('PostgreSql');
    const now = postgres ? new Date() : Date.now();
    await bulkInsert(
      em,
      'enterprise',
      batch
        .filter((p) => p.payload && p.payload.id === null)
        .map((p) => ({ ...p.payload!.row, created_at: now, updated_at: now })),
    );
    const trx = em.getTransactionContext() as Knex.Transaction;
    const knex = trx ?? (em as unknown as SqlEntityManager).getKnex();
    for (const p of batch.filter((x) => x.payload?.id))
      await knex('enterprise')
        .where({ id: p.payload!.id })
        .update({ ...p.payload!.row, updated_at: postgres ? new Date() : Date.now() });
  }

  finish(): Promise<{ entityType: string; entityId: null }> {
    return Promise.resolve({ entityType: 'Enterprise', entityId: null });
  }
}
