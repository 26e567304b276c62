import { offenceVersionRule } from '../services/rulebook';
import type { EntityManager } from '@mikro-orm/core';
import { ListStatus, FineBasis, FineKind, FineWhen, NoFaultRule, PenaltyKind, Role } from '../domain/enums';
import { todayIso } from '../domain/dates';
import { versionInForce } from '../domain/offence';
import {
  assertNoOverlap,
  assertVersionConsistent,
  MAX_MULTIPLE,
  firstVersion,
  offenceFineToday,
} from '../domain/offence-versions';
import * as E from '../db/entities';
import type { Context } from './context';
import { badInput } from './errors';
import { ALL_ROLES, allow, type ResourceSpec } from './resource';

/*
 * The resources of dated statutes and list series (issue #10): offence versions, list series,
 * item conditions, and the hooks the older catalogue resources call to keep them in step.
 */

const STAFF = [Role.ADMIN, Role.MANAGER] as const;
const define = <T extends { id: number }>(spec: ResourceSpec<T>) => spec as unknown as ResourceSpec;

/**
 * The offence row shows the version in force today (API.md, `Offence` keeps its fields): after
 * any write to its versions, its fineMin/fineMax/fineUnit are set from them.
 */
export async function syncOffenceFine(em: EntityManager, offenceId: number): Promise<void> {
  const versions = await em.find(E.OffenceVersion, { offence: offenceId });
  const today = offenceFineToday(versions.map(offenceVersionRule));
  if (!today) return;
  const offence = await em.findOneOrFail(E.Offence, offenceId);
  if (
    offence.fineMin !== today.fineMin ||
    offence.fineMax !== today.fineMax ||
    offence.fineUnit !== today.fineUnit
  ) {
    em.assign(offence, today);
    await em.flush();
  }
}

/** createOffence: version 1 from the offence's own arguments, in the same transaction. */
export async function createFirstVersion(em: EntityManager, offence: E.Offence): Promise<void> {
  em.create(E.OffenceVersion, {
    offence,
    ...firstVersion(offence.fineMin, offence.fineMax, offence.fineUnit, offence.penaltyProvision),
    penaltyKinds: [],
    seriousPenaltyKinds: [],
    noFaultPenaltyKinds: [],
  });
  await em.flush();
}

/**
 * updateOffence with fineMin/fineMax/fineUnit: those fields are today's version, so the change
 * is written to that version (version 1 when the offence has only its first).
 */
export async function writeOffenceFineToTodaysVersion(
  em: EntityManager,
  offence: E.Offence,
  input: Record<string, unknown>,
): Promise<void> {
  if (!['fineMin', 'fineMax', 'fineUnit'].some((k) => k in input)) return;
  const versions = await em.find(E.OffenceVersion, { offence: offence.id });
  const today = versionInForce(versions.map(offenceVersionRule), todayIso());
  const target = today ? versions.find((v) => v.id === today.id)! : null;
  if (!target) return;
  const fields = firstVersion(offence.fineMin, offence.fineMax, offence.fineUnit, null);
  // For a fine in multiples, fineMin/fineMax are multiples (hundredths): keep them to what a statute sets.
  for (const key of ['fineMin', 'fineMax'] as const)
    if (fields.fineKind === FineKind.MULTIPLE && offence[key] > MAX_MULTIPLE && key in input)
      throw badInput(
        key,
        '按倍数计罚时，倍数不能超过1000倍',
        'a fine in multiples may not exceed 1,000 times',
      );
  em.assign(target, {
    fineKind: fields.fineKind,
    fineMin: fields.fineMin,
    fineMax: fields.fineMax,
    fineBasis: fields.fineBasis,
    multipleMin: fields.multipleMin,
    multipleMax: fields.multipleMax,
    ...(fields.fineKind === FineKind.FIXED
      ? { fallbackMin: null, fallbackMax: null, fallbackBelow: null }
      : {}),
  });
  assertVersionConsistent(offenceVersionRule(target));
}

/** Only a draft list's items, and their conditions, change: a published version is the word as it stood. */
async function assertItemEditable(
  ctx: Context,
  itemId: number,
  field: string,
  action: string,
): Promise<void> {
  const item = await ctx.em.findOneOrFail(E.LeniencyItem, itemId, { populate: ['list'] });
  if (item.list.getEntity().status !== ListStatus.DRAFT)
    throw badInput(
      field,
      `只能${action === 'delete' ? '删除' : '修改'}草稿状态清单中事项的适用条件`,
      `conditions can only be ${action === 'delete' ? 'removed from' : 'changed on'} items of a draft list`,
    );
}

export const lawSpecs: ResourceSpec[] = [
  define({
    name: 'OffenceVersion',
    plural: 'OffenceVersions',
    entity: E.OffenceVersion,
    description:
      '违法行为的条文版本：处罚种类、罚款（固定数额或计罚基数的倍数）、适用条件、情节严重、时效与无过错的特别规定',
    fields: {
      offence: { kind: 'ref', target: 'Offence', required: true },
      effectiveFrom: { kind: 'date', required: true },
      effectiveTo: { kind: 'date' },
      citation: { kind: 'string', max: 2000, q: true, description: '处罚依据 of this version' },
      penaltyKinds: { kind: 'enumList', enum: PenaltyKind, description: 'Penalties besides the fine' },
      fineKind: {
        kind: 'enum',
        enum: FineKind,
        always: true,
        description: 'FIXED (yuan) or MULTIPLE of a basis',
      },
      fineMin: { kind: 'money', description: 'FIXED: statutory minimum, yuan (empty with fineMax: no fine)' },
      fineMax: { kind: 'money', description: 'FIXED: statutory maximum, yuan' },
      fineBasis: { kind: 'enum', enum: FineBasis, description: 'MULTIPLE: what is multiplied' },
      multipleMin: { kind: 'money', description: 'MULTIPLE: lowest multiple, e.g. 0.5' },
      multipleMax: { kind: 'money', description: 'MULTIPLE: highest multiple, e.g. 5' },
      fallbackMin: {
        kind: 'money',
        description: 'MULTIPLE: yuan, where the basis is absent or below fallbackBelow',
      },
      fallbackMax: { kind: 'money' },
      fallbackBelow: {
        kind: 'money',
        description: 'MULTIPLE: the threshold of the fallback ("不足一万元的"), yuan',
      },
      fineDiscretionary: {
        kind: 'bool',
        always: true,
        description: 'The clause says 可以处 (the fine is discretionary) rather than 处',
      },
      fineWhen: {
        kind: 'enum',
        enum: FineWhen,
        always: true,
        description: 'ALWAYS, or only on refusal to correct',
      },
      seriousMin: { kind: 'money', description: '情节严重的: yuan for FIXED, a multiple for MULTIPLE' },
      seriousMax: { kind: 'money' },
      seriousPenaltyKinds: { kind: 'enumList', enum: PenaltyKind },
      seriousDiscretionary: {
        kind: 'bool',
        always: true,
        description: 'The serious band says 可以处 (情节严重的，可以处…) rather than 处',
      },
      limitationYears: {
        kind: 'int',
        min: 1,
        max: 30,
        description: 'Another limitation period than Art. 36',
      },
      limitationCitation: { kind: 'string', max: 500 },
      noFaultRule: {
        kind: 'enum',
        enum: NoFaultRule,
        always: true,
        description: 'What proven absence of fault yields',
      },
      noFaultCitation: { kind: 'string', max: 500 },
      noFaultPenaltyKinds: {
        kind: 'enumList',
        enum: PenaltyKind,
        description: 'Penalties that still apply without fault',
      },
    },
    defaultSort: ['effectiveFrom', 'DESC'],
    beforeWrite: async (ctx, v: E.OffenceVersion, input, action) => {
      if (action === 'update' && 'offenceId' in input) {
        const before = ctx.em.getUnitOfWork().getOriginalEntityData(v) as { offence?: number } | undefined;
        if (before?.offence !== undefined && Number(before.offence) !== v.offence.id)
          throw badInput(
            'offenceId',
            '条文版本不能移到另一违法行为',
            'a version cannot move to another offence',
          );
      }
      const rule = offenceVersionRule(v);
      assertVersionConsistent(rule);
      // (The query may flush the new version first: leave it out by identity, not by id.)
      const others = (await ctx.em.find(E.OffenceVersion, { offence: v.offence.id })).filter((o) => o !== v);
      assertNoOverlap(others.map(offenceVersionRule), rule);
    },
    afterWrite: (ctx, v: E.OffenceVersion) => syncOffenceFine(ctx.em, v.offence.id),
    beforeDelete: async (ctx, v: E.OffenceVersion) => {
      if ((await ctx.em.count(E.OffenceVersion, { offence: v.offence.id })) <= 1)
        throw badInput(
          'id',
          '这是该违法行为唯一的条文版本，不能删除（可修改它，或删除违法行为本身）',
          'this is the offence’s only version: edit it, or delete the offence',
        );
    },
    access: { read: allow(ALL_ROLES), create: allow(STAFF), update: allow(STAFF), delete: allow(STAFF) },
  }),
  define({
    name: 'LeniencyListSeries',
    plural: 'LeniencyListSeries',
    entity: E.LeniencyListSeries,
    description: '清单系列（制定机关与领域）：同一系列的新版本替代旧版本',
    fields: {
      name: { kind: 'string', max: 200, required: true, q: true },
      issuer: { kind: 'string', max: 200, q: true, description: '制定机关' },
      field: { kind: 'string', max: 100, q: true, description: '领域, e.g. 市场监管' },
    },
    children: [{ field: 'lists', target: 'LeniencyList', foreignKey: 'series', countField: 'listCount' }],
    defaultSort: ['name', 'ASC'],
    beforeDelete: async (ctx, s: E.LeniencyListSeries) => {
      if ((await ctx.em.count(E.LeniencyList, { series: s.id })) > 0)
        throw badInput('id', '该系列下还有清单版本，不能删除', 'the series still has list versions');
    },
    access: { read: allow(ALL_ROLES), create: allow(STAFF), update: allow(STAFF), delete: allow(STAFF) },
  }),
  define({
    name: 'LeniencyItemCondition',
    plural: 'LeniencyItemConditions',
    entity: E.LeniencyItemCondition,
    description: '清单事项的适用条件（逐条，由执法人员在查询时确认）',
    fields: {
      item: { kind: 'ref', target: 'LeniencyItem', required: true },
      number: {
        kind: 'int',
        min: 1,
        max: 999,
        required: true,
        description: 'Its place among the item’s conditions',
      },
      text: { kind: 'string', max: 1000, required: true, q: true },
    },
    defaultSort: ['number', 'ASC'],
    beforeWrite: async (ctx, c: E.LeniencyItemCondition, input, action) => {
      if (action === 'update' && 'itemId' in input) {
        const before = ctx.em.getUnitOfWork().getOriginalEntityData(c) as { item?: number } | undefined;
        if (before?.item !== undefined) await assertItemEditable(ctx, Number(before.item), 'itemId', action);
      }
      await assertItemEditable(ctx, c.item.id, 'itemId', action);
    },
    beforeDelete: (ctx, c: E.LeniencyItemCondition) => assertItemEditable(ctx, c.item.id, 'id', 'delete'),
    access: { read: allow(ALL_ROLES), create: allow(STAFF), update: allow(STAFF), delete: allow(STAFF) },
  }),
];

/** createLeniencyList without a series: the only series there is, or the caller must choose. */
export async function defaultSeries(em: EntityManager): Promise<E.LeniencyListSeries> {
  const series = await em.find(E.LeniencyListSeries, {}, { limit: 2 });
  if (series.length !== 1)
    throw badInput(
      'seriesId',
      series.length ? '有多个清单系列，请选择本版本所属的系列' : '还没有清单系列，请先创建一个',
      series.length
        ? 'there are several series: choose the one this version belongs to'
        : 'create a series first',
    );
  return series[0];
}
