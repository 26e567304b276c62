import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import { assertCreditCode } from '../domain/creditCode';
import { assertBaselineWithinLaw, type BaselineTierRange } from '../domain/baseline';
import {
  AggravatingFactor,
  CaseStatus,
  ConditionMatch,
  DocumentKind,
  FollowUpResult,
  EnterpriseScale,
  FindingCategory,
  FineUnit,
  Harm,
  LeniencyKind,
  ListStatus,
  LookbackKind,
  MitigatingFactor,
  ReportStatus,
  ReviewTrigger,
  RiskLevel,
  Role,
  Tier,
} from '../domain/enums';
import { fromCents, toCents } from '../domain/money';
import * as E from '../db/entities';
import { offenceVersionRule } from '../services/rulebook';
import { endsSessions, hashPassword } from '../services/auth';
import { saveCase } from '../services/cases';
import { caseVisibility } from './case-visibility';
import { recomputeRisk } from '../services/reports';
import { PLACEHOLDERS, assertTemplate } from '../domain/documents';
import { contentEditable, rectificationEditable, statusZh } from '../domain/report';
import { todayIso } from '../domain/dates';
import type { Decision } from '../domain/leniency';
import { LeniencyDecision, decisionToWire } from './decision-types';
import { badInput, forbidden } from './errors';
import { parseId } from './crud';
import { assertItemWithinLaw } from '../domain/lists';
import {
  createFirstVersion,
  defaultSeries,
  lawSpecs,
  writeOffenceFineToTodaysVersion,
} from './law-resources';
import { ALL_ROLES, allow, generateTypes, markParents, type Resource, type ResourceSpec } from './resource';

const { ADMIN, MANAGER, OFFICER, LAWYER, REVIEWER } = Role;
const STAFF = [ADMIN, MANAGER] as const;
/** The fields of a finding that record its follow-up 整改. */
const FOLLOW_UP = new Set(['id', 'rectified', 'rectifiedAt', 'rectificationNote']);

@ObjectType({
  simpleResolvers: true,
  description: 'One tier of a discretion baseline: the fine sub-range and when it applies.',
})
export class BaselineTier {
  @Field(() => Tier)
  level!: Tier;
  @Field(() => Float, {
    description:
      'Lower bound, yuan; or a multiple of the basis (违法所得, 货值金额, 少缴的税款) where the clause fines so.',
  })
  min!: number;
  @Field(() => Float)
  max!: number;
  @Field(() => String)
  conditions!: string;
}

@InputType()
export class BaselineTierInput {
  @Field(() => Tier)
  level!: Tier;
  @Field(() => Float)
  min!: number;
  @Field(() => Float)
  max!: number;
  @Field(() => String)
  conditions!: string;
}

function tiersFromWire(value: unknown, field: string): BaselineTierRange[] {
  const tiers = value as BaselineTierInput[];
  const seen = new Set<Tier>();
  return tiers.map((t, i) => {
    const at = `${field}[${i}]`;
    if (seen.has(t.level)) throw badInput(at, `档次${t.level}重复`, `tier ${t.level} appears twice`);
    seen.add(t.level);
    const min = toCents(t.min, `${at}.min`);
    const max = toCents(t.max, `${at}.max`);
    if (min > max) throw badInput(at, '下限不能大于上限', 'min must not exceed max');
    if (t.conditions.length > 2000)
      throw badInput(`${at}.conditions`, '不能超过2000个字符', 'must be at most 2000 characters');
    return { level: t.level, min, max, conditions: t.conditions.trim() };
  });
}

/** A list of condition ids from the wire: at most 200, each a valid id, no repeats kept. */
function confirmedConditionIds(value: unknown, field: string): number[] {
  if (value === null || value === undefined) return [];
  const ids = value as string[];
  if (ids.length > 200) throw badInput(field, '确认的条件不能超过200项', 'at most 200 conditions');
  return [...new Set(ids.map((id, i) => parseId(id, `${field}[${i}]`)))];
}

const ownDepartment = (u: { departmentId: number | null }) => ({ department: u.departmentId ?? -1 });
/** A lawyer's own reports, and the findings of those reports. */
const ownReports = (u: { id: number }) => ({ lawyer: u.id });
const ownReportsFindings = (u: { id: number }) => ({ report: ownReports(u) });

/** Checks a resource description against its entity, then forgets the entity type for the registry. */
const define = <T extends { id: number }>(spec: ResourceSpec<T>) => spec as unknown as ResourceSpec;

const specs: ResourceSpec[] = [
  define({
    name: 'Department',
    plural: 'Departments',
    entity: E.Department,
    description: '执法部门',
    fields: {
      name: { kind: 'string', max: 100, required: true, q: true },
      code: { kind: 'string', max: 32, required: true, q: true },
      caseNumberPrefix: {
        kind: 'string',
        max: 20,
        description:
          '文号 prefix of its case numbers, e.g. 包市监罚 (包市监罚〔2026〕123号); default: the code and 罚',
      },
      reviewBody: {
        kind: 'string',
        max: 100,
        description:
          '复议机关 its decisions name for 行政复议, e.g. 包头市人民政府 (行政复议法 Art. 24; vertically led agencies: the one a level up, Art. 27); default: 本级人民政府, or 上一级税务机关 / 上一级主管部门 for vertically led agencies',
      },
    },
    defaultSort: ['name', 'ASC'],
    access: {
      read: allow(ALL_ROLES),
      create: allow([ADMIN]),
      update: allow([ADMIN]),
      delete: allow([ADMIN]),
    },
  }),
  define({
    name: 'District',
    plural: 'Districts',
    entity: E.District,
    description: '旗县区',
    fields: {
      name: { kind: 'string', max: 100, required: true, q: true },
      code: {
        kind: 'string',
        max: 12,
        required: true,
        q: true,
        pattern: [
          /^\d{6}(\d{3}|\d{6})?$/,
          '行政区划代码应为6、9或12位数字',
          'must be a 6, 9 or 12 digit division code',
        ],
      },
    },
    defaultSort: ['code', 'ASC'],
    access: {
      read: allow(ALL_ROLES),
      create: allow([ADMIN]),
      update: allow([ADMIN]),
      delete: allow([ADMIN]),
    },
  }),
  define({
    name: 'Enterprise',
    plural: 'Enterprises',
    entity: E.Enterprise,
    description: '企业',
    fields: {
      creditCode: {
        kind: 'string',
        max: 18,
        required: true,
        q: true,
        validate: (code) => assertCreditCode(code),
        description: '统一社会信用代码 (GB 32100-2015), check character verified',
      },
      name: { kind: 'string', max: 200, required: true, q: true },
      legalRepresentative: { kind: 'string', max: 50, q: true },
      district: { kind: 'ref', target: 'District' },
      industry: { kind: 'string', max: 100 },
      scale: { kind: 'enum', enum: EnterpriseScale },
      address: { kind: 'string', max: 300, q: true },
      registeredAt: { kind: 'date' },
    },
    defaultSort: ['name', 'ASC'],
    // Officers register the party of a case they record; only an administrator removes one.
    access: {
      read: allow(ALL_ROLES),
      create: allow([ADMIN, MANAGER, OFFICER]),
      update: allow([ADMIN, MANAGER, OFFICER]),
      delete: allow([ADMIN]),
    },
  }),
  define({
    name: 'Offence',
    plural: 'Offences',
    entity: E.Offence,
    description: '违法行为（处罚事项）',
    fields: {
      code: { kind: 'string', max: 32, required: true, q: true },
      department: { kind: 'ref', target: 'Department', required: true },
      title: { kind: 'string', max: 300, required: true, q: true, description: '违法行为' },
      violatedProvision: { kind: 'string', max: 2000, required: true, q: true, description: '违法依据' },
      penaltyProvision: { kind: 'string', max: 2000, required: true, q: true, description: '处罚依据' },
      fineMin: { kind: 'money', required: true, description: 'Statutory minimum, in fineUnit' },
      fineMax: { kind: 'money', required: true, description: 'Statutory maximum, in fineUnit' },
      fineUnit: { kind: 'enum', enum: FineUnit, required: true },
      lifeHealthFinance: {
        kind: 'bool',
        required: true,
        description: '行政处罚法 Art. 36: life/health or financial safety, five-year limitation with harm',
      },
    },
    defaultSort: ['code', 'ASC'],
    // fineMin/fineMax/fineUnit are the version in force today (OffenceVersion): a create makes
    // version 1 from them, an update writes them to today's version (server/graphql/law-resources.ts).
    beforeWrite: async (ctx, o: E.Offence, input, action) => {
      if (o.fineMin > o.fineMax)
        throw badInput('fineMin', '法定罚款下限不能大于上限', 'must not exceed fineMax');
      if (action === 'update') await writeOffenceFineToTodaysVersion(ctx.em, o, input);
    },
    afterWrite: async (ctx, o: E.Offence, action) => {
      if (action === 'create') await createFirstVersion(ctx.em, o);
    },
    access: { read: allow(ALL_ROLES), create: allow(STAFF), update: allow(STAFF), delete: allow(STAFF) },
  }),
  define({
    name: 'DiscretionBaseline',
    plural: 'DiscretionBaselines',
    entity: E.DiscretionBaseline,
    description: '行政处罚裁量基准',
    fields: {
      offence: { kind: 'ref', target: 'Offence', required: true },
      effectiveFrom: { kind: 'date', required: true },
      effectiveTo: { kind: 'date' },
      tiers: {
        kind: 'custom',
        required: true,
        output: () => [BaselineTier],
        input: () => [BaselineTierInput],
        toWire: (v) =>
          ((v as BaselineTierRange[]) ?? []).map((t) => ({
            ...t,
            min: fromCents(t.min),
            max: fromCents(t.max),
          })),
        fromWire: tiersFromWire,
      },
      source: { kind: 'string', max: 300, q: true },
    },
    defaultSort: ['effectiveFrom', 'DESC'],
    beforeWrite: async (ctx, b: E.DiscretionBaseline) => {
      if (b.effectiveTo && b.effectiveTo < b.effectiveFrom)
        throw badInput('effectiveTo', '失效日期不能早于生效日期', 'must not be before effectiveFrom');
      // 行政处罚法 Art. 34: the tiers refine the statutory range of the clause in force, never widen it.
      const versions = await ctx.em.find(
        E.OffenceVersion,
        { offence: b.offence.id },
        { orderBy: { id: 'asc' } },
      );
      assertBaselineWithinLaw(
        { effectiveFrom: b.effectiveFrom, effectiveTo: b.effectiveTo ?? null, tiers: b.tiers },
        versions.map(offenceVersionRule),
      );
    },
    access: { read: allow(ALL_ROLES), create: allow(STAFF), update: allow(STAFF), delete: allow(STAFF) },
  }),
  define({
    name: 'LeniencyList',
    plural: 'LeniencyLists',
    entity: E.LeniencyList,
    description: '免罚轻罚清单（版本）',
    fields: {
      series: {
        kind: 'ref',
        target: 'LeniencyListSeries',
        always: true,
        description: 'The series (issuer and field); on create, the only series when there is just one',
      },
      version: {
        kind: 'string',
        max: 20,
        required: true,
        q: true,
        description: 'The list version, e.g. "3.0", unique within its series',
      },
      title: { kind: 'string', max: 200, required: true, q: true },
      issuer: { kind: 'string', max: 200, q: true },
      effectiveFrom: { kind: 'date', required: true },
      effectiveTo: { kind: 'date' },
      status: {
        kind: 'enum',
        enum: ListStatus,
        readOnly: true,
        always: true,
        description: 'Changed by publishLeniencyList',
      },
      publishedAt: { kind: 'datetime', readOnly: true },
    },
    lock: 'revision',
    children: [{ field: 'items', target: 'LeniencyItem', foreignKey: 'list', countField: 'itemCount' }],
    defaultSort: ['effectiveFrom', 'DESC'],
    beforeDelete: (_ctx, l: E.LeniencyList) => {
      if (l.status !== ListStatus.DRAFT)
        throw badInput(
          'id',
          '已发布或已归档的清单不能删除',
          'a published or archived list cannot be deleted',
        );
    },
    beforeWrite: async (ctx, l: E.LeniencyList, _input, action) => {
      if (!l.series) {
        if (action === 'update') throw badInput('seriesId', '不能为空', 'is required');
        l.series = ctx.em.getReference(E.LeniencyListSeries, (await defaultSeries(ctx.em)).id, {
          wrapped: true,
        });
      }
      if (action === 'update' && l.status !== ListStatus.DRAFT)
        throw badInput(
          'status',
          '已发布或已归档的清单不能修改',
          'a published or archived list cannot be edited',
        );
      if (l.effectiveTo && l.effectiveTo < l.effectiveFrom)
        throw badInput('effectiveTo', '失效日期不能早于生效日期', 'must not be before effectiveFrom');
    },
    access: { read: allow(ALL_ROLES), create: allow(STAFF), update: allow(STAFF), delete: allow(STAFF) },
  }),
  define({
    name: 'LeniencyItem',
    plural: 'LeniencyItems',
    entity: E.LeniencyItem,
    description: '清单事项',
    fields: {
      list: { kind: 'ref', target: 'LeniencyList', required: true },
      number: { kind: 'int', min: 1, max: 100000, required: true, description: '序号' },
      offence: { kind: 'ref', target: 'Offence', required: true },
      kind: { kind: 'enum', enum: LeniencyKind, required: true },
      conditions: {
        kind: 'string',
        max: 4000,
        required: true,
        q: true,
        description: '适用条件 as published (the whole text; one by one in conditionList)',
      },
      conditionMatch: {
        kind: 'enum',
        enum: ConditionMatch,
        always: true,
        description: 'ALL of the conditions, or ANY one ("有下列情形之一")',
      },
      lookbackKind: {
        kind: 'enum',
        enum: LookbackKind,
        always: true,
        description: '首违: MONTHS (lookbackMonths), CALENDAR_YEAR, or EVER ("首次被发现")',
      },
      lookbackMonths: { kind: 'int', min: 1, max: 120, description: '首违 look-back window (MONTHS)' },
      maxHarm: { kind: 'enum', enum: Harm, required: true },
      requiresCorrection: { kind: 'bool', required: true },
      requiresCommitment: {
        kind: 'bool',
        always: true,
        description: 'Whether the party signs a 告知承诺书 (printed with the case documents)',
      },
      measures: { kind: 'strings', maxItems: 20, maxLength: 200, description: '处理方式 (免罚不免责)' },
      note: { kind: 'string', max: 2000 },
    },
    children: [{ field: 'conditionList', target: 'LeniencyItemCondition', foreignKey: 'item' }],
    defaultSort: ['number', 'ASC'],
    // Only a draft list's items change: a published version is the city's word as it stood.
    beforeDelete: async (ctx, item: E.LeniencyItem) => {
      const list = await ctx.em.findOneOrFail(E.LeniencyList, item.list.id);
      if (list.status !== ListStatus.DRAFT)
        throw badInput('id', '只能删除草稿状态清单的事项', 'items can only be removed from a draft list');
    },
    beforeWrite: async (ctx, item: E.LeniencyItem) => {
      const list = await ctx.em.findOneOrFail(E.LeniencyList, item.list.id);
      if (list.status !== ListStatus.DRAFT)
        throw badInput('listId', '只能修改草稿状态清单的事项', 'items can only be changed on a draft list');
      // 行政处罚法 Art. 33: an item promises no more than its article allows (the merged record).
      assertItemWithinLaw({
        kind: item.kind,
        maxHarm: item.maxHarm,
        requiresCorrection: item.requiresCorrection,
        lookbackKind: item.lookbackKind,
        lookbackMonths: item.lookbackMonths ?? null,
      });
    },
    access: { read: allow(ALL_ROLES), create: allow(STAFF), update: allow(STAFF), delete: allow(STAFF) },
  }),
  define({
    name: 'PenaltyCase',
    plural: 'PenaltyCases',
    entity: E.PenaltyCase,
    description: '案件',
    fields: {
      caseNumber: {
        kind: 'string',
        max: 50,
        always: true,
        q: true,
        description:
          '案号, e.g. 包市监罚〔2026〕123号: assigned per department and year when left out; given only for historical cases. Fixed once recorded',
      },
      enterprise: { kind: 'ref', target: 'Enterprise', required: true },
      offence: { kind: 'ref', target: 'Offence', required: true },
      department: {
        kind: 'ref',
        target: 'Department',
        required: true,
        defaulted: true,
        description: "Defaults to the officer's own",
      },
      district: { kind: 'ref', target: 'District', required: true },
      officer: { kind: 'ref', target: 'User' },
      offenceDate: { kind: 'date', required: true },
      offenceEndDate: { kind: 'date' },
      discoveredDate: { kind: 'date' },
      decisionDate: { kind: 'date' },
      harm: { kind: 'enum', enum: Harm, required: true },
      corrected: { kind: 'bool', required: true },
      noFaultEvidence: { kind: 'bool', always: true },
      mitigating: { kind: 'enumList', enum: MitigatingFactor },
      aggravating: { kind: 'enumList', enum: AggravatingFactor },
      illegalGain: { kind: 'money', description: '违法所得: confiscated where there is some' },
      basisAmount: {
        kind: 'money',
        description: "The amount of the offence version's fine basis (货值金额, 不缴或者少缴的税款, …)",
      },
      seriousCircumstances: { kind: 'bool', always: true, description: '情节严重 found by the officer' },
      refusedCorrection: { kind: 'bool', description: '拒不改正; default: not corrected' },
      confirmedConditions: {
        kind: 'custom',
        output: () => [ID],
        input: () => [ID],
        toWire: (v) => ((v as number[] | null) ?? []).map(String),
        fromWire: (v, field) => confirmedConditionIds(v, field),
        description: 'LeniencyItemCondition ids the officer confirmed',
      },
      officerChoice: {
        kind: 'enum',
        enum: Tier,
        description: 'LIGHTER or MITIGATED under Art. 32; a tier above NONE declines a 可以 no-penalty',
      },
      choiceReason: { kind: 'string', max: 4000, description: 'Why the officer chose as they did' },
      outcome: {
        kind: 'enum',
        enum: Tier,
        readOnly: true,
        description: 'Decided by the rules (checkLeniency)',
      },
      item: {
        kind: 'ref',
        target: 'LeniencyItem',
        readOnly: true,
        description: 'The list item that applied',
      },
      fine: { kind: 'money' },
      referenceFine: { kind: 'money', description: 'Defaults to the midpoint of the STANDARD tier' },
      relief: { kind: 'money', readOnly: true, description: '减免金额 = referenceFine − fine' },
      overrideReason: { kind: 'string', max: 2000 },
      evidence: {
        kind: 'string',
        max: 4000,
        description: '证据: what the facts rest on, printed in the decision (行政处罚法 Art. 59)',
      },
      status: {
        kind: 'enum',
        enum: CaseStatus,
        bulk: true,
        always: true,
        description:
          'CLOSED closes a decided case; IN_REVIEW and RETURNED follow submitCaseForReview, approveCase, returnCase (法制审核)',
      },
      itemLabel: {
        kind: 'string',
        max: 300,
        readOnly: true,
        description:
          'The list item that applied as the decision names it, by list title and version, e.g. 《包头市涉企轻微违法行为免罚轻罚清单（3.0版）》第12项',
      },
      reviewTriggers: {
        kind: 'enumList',
        enum: ReviewTrigger,
        readOnly: true,
        description: 'What sends the decision to 法制审核 (行政处罚法 Art. 58); empty: none',
      },
      submittedAt: { kind: 'datetime', readOnly: true },
      reviewer: { kind: 'ref', target: 'User', readOnly: true, description: 'The legal reviewer' },
      reviewedAt: { kind: 'datetime', readOnly: true },
      reviewNote: {
        kind: 'string',
        max: 4000,
        readOnly: true,
        description: "The reviewer's note: why the case was returned, or what the approval noted",
      },
      decision: {
        kind: 'custom',
        readOnly: true,
        output: () => LeniencyDecision,
        input: () => String,
        toWire: (v) => (v ? decisionToWire(v as Decision) : null),
        fromWire: (v) => v,
        description: 'The decision as it stood when the case was decided; later rule changes never alter it',
      },
    },
    lock: 'version',
    defaultSort: ['decisionDate', 'DESC'],
    defaults: (u) => ({
      departmentId: u.departmentId === null ? undefined : String(u.departmentId),
      officerId: String(u.id),
    }),
    // The one writer of cases (services/cases.ts): numbers, decision, choices, review, audit.
    save: (ctx, c: E.PenaltyCase, input, action) =>
      saveCase({ ...ctx, visible: ctx.user ? caseVisibility(ctx.user) : undefined }, c, input, action),
    access: {
      read: { ...allow([ADMIN, MANAGER]), [OFFICER]: ownDepartment, [REVIEWER]: ownDepartment },
      create: { [ADMIN]: 'all', [OFFICER]: ownDepartment },
      update: { [ADMIN]: 'all', [OFFICER]: ownDepartment },
      delete: allow([ADMIN]),
    },
  }),
  define({
    name: 'CheckupReport',
    plural: 'CheckupReports',
    entity: E.CheckupReport,
    description: '法治体检报告',
    fields: {
      enterprise: { kind: 'ref', target: 'Enterprise', required: true },
      lawyer: {
        kind: 'ref',
        target: 'User',
        required: true,
        defaulted: true,
        description: 'Defaults to the lawyer filing it',
      },
      lawFirm: { kind: 'string', max: 200, q: true },
      checkDate: { kind: 'date', required: true },
      scope: { kind: 'string', max: 4000, q: true },
      method: { kind: 'string', max: 4000 },
      summary: { kind: 'string', max: 10000, q: true },
      riskIndex: {
        kind: 'int',
        readOnly: true,
        always: true,
        description: '0–100, derived from the findings',
      },
      riskLevel: { kind: 'enum', enum: RiskLevel, readOnly: true, always: true },
      status: { kind: 'enum', enum: ReportStatus, readOnly: true, always: true },
      reviewer: { kind: 'ref', target: 'User', readOnly: true },
      reviewComment: { kind: 'string', max: 4000, readOnly: true },
      submittedAt: { kind: 'datetime', readOnly: true },
      reviewedAt: { kind: 'datetime', readOnly: true },
      deliveredAt: { kind: 'datetime', readOnly: true },
    },
    lock: 'version',
    children: [{ field: 'findings', target: 'ReportFinding', foreignKey: 'report' }],
    defaultSort: ['checkDate', 'DESC'],
    defaults: (u) => (u.role === LAWYER ? { lawyerId: String(u.id) } : {}),
    beforeWrite: async (ctx, r: E.CheckupReport, _input, action) => {
      const actor = ctx.user!;
      const lawyer = await ctx.em.findOneOrFail(E.User, r.lawyer.id);
      if (lawyer.role !== LAWYER)
        throw badInput('lawyerId', '承办人须为律师', 'the lawyer must be a user with the LAWYER role');
      if (!r.lawFirm) r.lawFirm = lawyer.lawFirm ?? null;
      if (action === 'update') {
        if (!contentEditable({ status: r.status, lawyerId: r.lawyer.id }, actor))
          throw forbidden(
            `报告${statusZh(r.status)}，承办律师不能再修改`,
            `a ${r.status} report can no longer be edited by its lawyer`,
          );
        // A returned report is the lawyer's again: revising it makes it a draft.
        if (r.status === ReportStatus.RETURNED && actor.role === LAWYER) r.status = ReportStatus.DRAFT;
      }
    },
    beforeDelete: (ctx, r: E.CheckupReport) => {
      if (ctx.user!.role !== ADMIN && r.status !== ReportStatus.DRAFT)
        throw forbidden('只有草稿状态的报告可以删除', 'only a draft report can be deleted');
    },
    access: {
      read: { ...allow([ADMIN, MANAGER]), [LAWYER]: ownReports },
      create: { [ADMIN]: 'all', [LAWYER]: ownReports },
      update: { [ADMIN]: 'all', [LAWYER]: ownReports },
      delete: { [ADMIN]: 'all', [LAWYER]: ownReports },
    },
  }),
  define({
    name: 'ReportFinding',
    plural: 'ReportFindings',
    entity: E.ReportFinding,
    description: '体检发现',
    fields: {
      report: { kind: 'ref', target: 'CheckupReport', required: true },
      category: { kind: 'enum', enum: FindingCategory, required: true },
      riskLevel: { kind: 'enum', enum: RiskLevel, required: true },
      description: { kind: 'string', max: 4000, required: true, q: true },
      legalBasis: { kind: 'string', max: 2000, q: true },
      recommendation: { kind: 'string', max: 4000, q: true },
      deadline: { kind: 'date' },
      rectified: { kind: 'bool', bulk: true, always: true },
      rectifiedAt: { kind: 'date', bulk: true },
      rectificationNote: { kind: 'string', max: 2000 },
      offence: { kind: 'ref', target: 'Offence' },
    },
    // Findings change with their report's content; after acceptance only the follow-up (整改) fields do.
    beforeWrite: async (ctx, f: E.ReportFinding, input, action) => {
      const report = await ctx.em.findOneOrFail(E.CheckupReport, f.report.id);
      const state = { status: report.status, lawyerId: report.lawyer.id };
      const followUpOnly = action === 'update' && Object.keys(input).every((k) => FOLLOW_UP.has(k));
      if (contentEditable(state, ctx.user!)) {
        if (report.status === ReportStatus.RETURNED && ctx.user!.role === LAWYER)
          report.status = ReportStatus.DRAFT;
      } else if (!(followUpOnly && rectificationEditable(state, ctx.user!)))
        throw forbidden(
          `报告${statusZh(report.status)}，不能修改其体检发现${followUpOnly ? '' : '（通过后只能登记整改情况）'}`,
          `findings of a ${report.status} report cannot be changed${followUpOnly ? '' : ' (after acceptance only rectification is recorded)'}`,
        );
      if (f.rectified && !f.rectifiedAt) f.rectifiedAt = todayIso();
      if (!f.rectified) f.rectifiedAt = null;
    },
    beforeDelete: async (ctx, f: E.ReportFinding) => {
      const report = await ctx.em.findOneOrFail(E.CheckupReport, f.report.id);
      if (!contentEditable({ status: report.status, lawyerId: report.lawyer.id }, ctx.user!))
        throw forbidden(
          `报告${statusZh(report.status)}，不能删除其体检发现`,
          `findings of a ${report.status} report cannot be removed`,
        );
    },
    afterWrite: (ctx, f: E.ReportFinding) => recomputeRisk(ctx.em, f.report.id),
    access: {
      read: { ...allow([ADMIN, MANAGER]), [LAWYER]: ownReportsFindings },
      create: { [ADMIN]: 'all', [LAWYER]: ownReportsFindings },
      update: { [ADMIN]: 'all', [MANAGER]: 'all', [LAWYER]: ownReportsFindings },
      delete: { [ADMIN]: 'all', [LAWYER]: ownReportsFindings },
    },
  }),
  define({
    name: 'User',
    plural: 'Users',
    entity: E.User,
    description: '用户',
    fields: {
      username: {
        kind: 'string',
        max: 50,
        required: true,
        q: true,
        pattern: [
          /^[a-z0-9_.-]{3,50}$/,
          '用户名只能包含小写字母、数字和_.-，3至50位',
          'use 3-50 lower-case letters, digits or _.-',
        ],
      },
      displayName: { kind: 'string', max: 100, required: true, q: true },
      role: { kind: 'enum', enum: Role, required: true },
      department: { kind: 'ref', target: 'Department' },
      lawFirm: { kind: 'string', max: 200, q: true },
      active: { kind: 'bool', bulk: true, always: true },
      password: {
        kind: 'string',
        max: 200,
        min: 8,
        writeOnly: true,
        description: 'Sets a new password (8+ characters)',
      },
    },
    defaultSort: ['username', 'ASC'],
    beforeWrite: async (_ctx, u: E.User, input, action) => {
      const password = input.password as string | undefined;
      if (action === 'update' && endsSessions(u, Boolean(password))) u.tokenVersion += 1;
      if (password) u.passwordHash = await hashPassword(password);
      else if (action === 'create')
        throw badInput('password', '新用户须设置密码', 'a new user needs a password');
      if ((u.role === OFFICER || u.role === REVIEWER) && !u.department)
        throw badInput(
          'departmentId',
          `${u.role === OFFICER ? '执法人员' : '法制审核人员'}须属于一个部门`,
          `an ${u.role === OFFICER ? 'officer' : 'reviewer'} must belong to a department`,
        );
    },
    access: {
      read: {
        ...allow([ADMIN, MANAGER]),
        [OFFICER]: (u) => ({ id: u.id }),
        [LAWYER]: (u) => ({ id: u.id }),
        [REVIEWER]: (u) => ({ id: u.id }),
      },
      create: allow([ADMIN]),
      update: allow([ADMIN]),
      delete: allow([ADMIN]),
    },
  }),
  define({
    name: 'AuditEntry',
    plural: 'AuditEntries',
    entity: E.AuditEntry,
    description: '操作日志 (read-only)',
    fields: {
      at: { kind: 'datetime', readOnly: true, always: true },
      userId: { kind: 'string', max: 20, readOnly: true },
      username: { kind: 'string', max: 50, readOnly: true, q: true },
      action: { kind: 'string', max: 50, readOnly: true, q: true, always: true },
      entityType: { kind: 'string', max: 50, readOnly: true, always: true },
      entityId: { kind: 'string', max: 50, readOnly: true },
      changes: {
        kind: 'custom',
        readOnly: true,
        output: () => String,
        input: () => String,
        toWire: (v) => (v === null || v === undefined ? null : JSON.stringify(v)),
        fromWire: (v) => v,
        description: 'JSON: { after } on create, { field: [before, after] } on update, { before } on delete',
      },
    },
    defaultSort: ['at', 'DESC'],
    // An entry is written once, at `at`, and never changed: that instant is both of its timestamps.
    timestamps: { created: 'at', updated: 'at' },
    access: { read: allow(STAFF) },
  }),
  define({
    name: 'DocumentTemplate',
    plural: 'DocumentTemplates',
    entity: E.DocumentTemplate,
    description: '文书模板: the text a kind of document is printed from, per department or the default',
    fields: {
      kind: { kind: 'enum', enum: DocumentKind, required: true },
      department: { kind: 'ref', target: 'Department', description: "None: every department's default" },
      title: { kind: 'string', max: 100, required: true, q: true },
      body: {
        kind: 'string',
        max: 20000,
        required: true,
        q: true,
        description: `One paragraph a line, with {{placeholders}}: ${Object.keys(PLACEHOLDERS).join(', ')}`,
      },
    },
    lock: 'version',
    defaultSort: ['kind', 'ASC'],
    beforeWrite: (_ctx, t: E.DocumentTemplate) => {
      // What a document must state is law (行政处罚法 Art. 59): a template cannot leave it out.
      assertTemplate(t.kind, t.body);
    },
    // After the flush (a query before it would flush the new template and find it): one
    // template per kind and department, or the transaction is undone.
    afterWrite: async (ctx, t: E.DocumentTemplate, action) => {
      if (action === 'delete') return;
      const twin = await ctx.em.findOne(E.DocumentTemplate, {
        kind: t.kind,
        department: t.department?.id ?? null,
        id: { $ne: t.id },
      });
      if (twin)
        throw badInput(
          'kind',
          `该${t.department ? '部门' : '默认'}的此类文书模板已存在（编号${twin.id}），请修改它`,
          `there is already a template of this kind for ${t.department ? 'this department' : 'the default'} (id ${twin.id}): edit it`,
        );
    },
    access: {
      read: allow([ADMIN, MANAGER, OFFICER]),
      create: allow(STAFF),
      update: allow(STAFF),
      delete: allow(STAFF),
    },
  }),
  define({
    name: 'FollowUpVisit',
    plural: 'FollowUpVisits',
    entity: E.FollowUpVisit,
    description: '回访: whether a lenient decision was followed by the correction it ordered',
    fields: {
      penaltyCase: { kind: 'ref', target: 'PenaltyCase', required: true, readOnly: true },
      correctionDeadline: { kind: 'date', required: true, description: '改正期限' },
      dueDate: { kind: 'date', required: true, description: '回访日期' },
      doneDate: { kind: 'date', description: 'When the visit was made' },
      result: { kind: 'enum', enum: FollowUpResult, always: true, bulk: true },
      officer: {
        kind: 'ref',
        target: 'User',
        description: "Who visits: the case's officer unless reassigned",
      },
      notes: { kind: 'string', max: 4000, q: true },
    },
    lock: 'version',
    defaultSort: ['dueDate', 'ASC'],
    beforeWrite: (ctx, v: E.FollowUpVisit) => {
      recordVisit(v);
      if (v.result !== FollowUpResult.PENDING && !v.officer)
        v.officer = ctx.em.getReference(E.User, ctx.user!.id, { wrapped: true });
    },
    access: {
      read: { ...allow([ADMIN, MANAGER]), [OFFICER]: (u) => ({ penaltyCase: ownDepartment(u) }) },
      update: { [ADMIN]: 'all', [OFFICER]: (u) => ({ penaltyCase: ownDepartment(u) }) },
      delete: allow([ADMIN]),
    },
  }),
  ...lawSpecs,
];

/** The rules of a visit's record: a result has a date, not in the future; a pending visit has none. */
function recordVisit(v: E.FollowUpVisit): void {
  const today = todayIso();
  if (v.result === FollowUpResult.PENDING && v.doneDate)
    throw badInput('result', '已回访的，须登记回访结果', 'a visit with a doneDate needs a result');
  if (v.result !== FollowUpResult.PENDING && !v.doneDate) v.doneDate = today;
  if (v.doneDate && v.doneDate > today)
    throw badInput('doneDate', '回访日期不能晚于今天', 'a visit cannot be recorded as done in the future');
  if (v.dueDate < v.correctionDeadline)
    throw badInput(
      'dueDate',
      '回访日期不能早于改正期限',
      'the visit cannot be due before the correction deadline',
    );
}

markParents(specs);

const registry = new Map<string, Resource>(
  specs.map((spec) => [spec.name, { ...spec, types: generateTypes(spec) }]),
);

export function resource(name: string): Resource {
  const res = registry.get(name);
  if (!res) throw new Error(`unknown resource ${name}`);
  return res;
}

export const resources = [...registry.values()];
