import type { Writable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/core';
import type { Harm } from '../domain/enums';
import { InvalidInput } from '../domain/errors';
import { KIND_ZH, TIER_ZH } from '../domain/leniency';
import * as E from '../db/entities';
import { zhOf } from '../domain/labels';
import { writeTable, type Column, type ExportFormat } from '../services/export';
import { BASELINE_SPEC, BaselineImporter } from './baselines';
import { CASE_SPEC, CaseImporter } from './cases';
import { ENTERPRISE_SPEC, EnterpriseImporter } from './enterprises';
import { LIST_SPEC, ListImporter, windowText } from './lists';
import {
  ImportKind,
  runImport,
  type ImportOptions,
  type ImportPlan,
  type Importer,
  type RunOptions,
} from './plan';
import type { Source } from './read';
import type { TableSpec } from './table';

const HARM_ZH = zhOf('Harm');

export { ImportKind, RowAction, type ImportOptions, type ImportPlan, type PlanRow } from './plan';

/** Import (or, without `write`, plan) one file of the given kind. */
export function importFile(
  em: EntityManager,
  source: Source,
  fileName: string,
  options: ImportOptions,
  run: RunOptions,
): Promise<ImportPlan> {
  const importer: Importer<unknown> = (() => {
    switch (options.kind) {
      case ImportKind.LIST:
        return new ListImporter(options);
      case ImportKind.BASELINE:
        return new BaselineImporter(options.effectiveFrom ?? null);
      case ImportKind.ENTERPRISE:
        return new EnterpriseImporter();
      case ImportKind.CASE:
        return new CaseImporter();
      default:
        throw new InvalidInput(
          'kind',
          '导入类型应为LIST、BASELINE、ENTERPRISE或CASE',
          'kind must be LIST, BASELINE, ENTERPRISE or CASE',
        );
    }
  })();
  return runImport(em, source, fileName, options.kind, importer, run);
}

/** The column of an export: the spec's first header name, so that the import reads it back. */
const col = <T>(spec: TableSpec, field: string, value: Column<T>['value']): Column<T> => ({
  header: spec[field].labels[0],
  value,
});

/** A list version as a table in the import's own columns (round trip: export, import, equal). */
export async function exportList(
  em: EntityManager,
  listId: number,
  format: ExportFormat,
  out: Writable,
): Promise<number> {
  const list = await em.findOne(E.LeniencyList, listId, { populate: ['series'] });
  if (!list) throw new InvalidInput('id', `清单版本${listId}不存在`, `there is no list version ${listId}`);
  const items = await em.find(
    E.LeniencyItem,
    { list },
    { orderBy: { number: 'asc' }, populate: ['offence', 'offence.department'] },
  );
  const conditions = await em.find(
    E.LeniencyItemCondition,
    { item: { list } },
    { orderBy: { number: 'asc' } },
  );
  const byItem = new Map<number, string[]>();
  for (const c of conditions) byItem.set(c.item.id, [...(byItem.get(c.item.id) ?? []), c.text]);
  const S = LIST_SPEC;
  const columns: Column<E.LeniencyItem>[] = [
    col(S, 'number', (i) => i.number),
    col(S, 'department', (i) => i.offence.getEntity().department.getEntity().name),
    col(S, 'title', (i) => i.offence.getEntity().title),
    col(S, 'offenceCode', (i) => i.offence.getEntity().code),
    col(S, 'violatedProvision', (i) => i.offence.getEntity().violatedProvision),
    col(S, 'penaltyProvision', (i) => i.offence.getEntity().penaltyProvision),
    col(S, 'kind', (i) => KIND_ZH[i.kind]),
    col(S, 'conditions', (i) => i.conditions),
    col(S, 'conditionList', (i) => (byItem.get(i.id) ?? []).join('\n')),
    col(S, 'conditionMatch', (i) => (i.conditionMatch === 'ANY' ? '满足其一' : '全部满足')),
    col(S, 'window', (i) => windowText(i.lookbackKind, i.lookbackMonths ?? null) || null),
    col(S, 'lookbackMonths', (i) => i.lookbackMonths ?? null),
    col(S, 'maxHarm', (i) => HARM_ZH[i.maxHarm as Harm]),
    col(S, 'requiresCorrection', (i) => (i.requiresCorrection ? '是' : '否')),
    col(S, 'measures', (i) => i.measures.join('；')),
    col(S, 'note', (i) => i.note ?? null),
  ];
  return writeTable([items], columns, format, list.version, out);
}

interface BaselineRow {
  baseline: E.DiscretionBaseline;
  tier: E.DiscretionBaseline['tiers'][number];
}

/** Every baseline, one row per tier, in the import's columns. */
export async function exportBaselines(
  em: EntityManager,
  format: ExportFormat,
  out: Writable,
): Promise<number> {
  const baselines = await em.find(
    E.DiscretionBaseline,
    {},
    { orderBy: { offence: 'asc', effectiveFrom: 'asc' }, populate: ['offence'] },
  );
  const rows: BaselineRow[] = baselines.flatMap((baseline) =>
    baseline.tiers.map((tier) => ({ baseline, tier })),
  );
  const S = BASELINE_SPEC;
  const columns: Column<BaselineRow>[] = [
    col(S, 'offenceCode', (r) => r.baseline.offence.getEntity().code),
    col(S, 'offence', (r) => r.baseline.offence.getEntity().title),
    col(S, 'effectiveFrom', (r) => String(r.baseline.effectiveFrom)),
    col(S, 'effectiveTo', (r) => (r.baseline.effectiveTo ? String(r.baseline.effectiveTo) : null)),
    col(S, 'tier', (r) => TIER_ZH[r.tier.level]),
    col(S, 'min', (r) => r.tier.min / 100),
    col(S, 'max', (r) => r.tier.max / 100),
    col(S, 'conditions', (r) => r.tier.conditions),
    col(S, 'source', (r) => r.baseline.source ?? null),
  ];
  return writeTable([rows], columns, format, '裁量基准', out);
}

export { CASE_SPEC, ENTERPRISE_SPEC };
