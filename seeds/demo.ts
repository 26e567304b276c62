import path from 'node:path';
import fs from 'node:fs';
import YAML from 'yaml';
import type { EntityManager } from '@mikro-orm/core';
import { assertBaselineWithinLaw, defaultTiers, mainRange } from '../server/domain/baseline';
import {
  CaseStatus,
  ConditionMatch,
  DocumentKind,
  FindingCategory,
  FollowUpResult,
  FineUnit,
  Harm,
  LeniencyKind,
  ListStatus,
  LookbackKind,
  MitigatingFactor,
  ReportStatus,
  RiskLevel,
  Role,
  Tier,
  type EnterpriseScale,
} from '../server/domain/enums';
import { toCents } from '../server/domain/money';
import { addDays, todayIso } from '../server/domain/dates';
import { DEFAULT_TEMPLATES, followUpSchedule } from '../server/domain/documents';
import { sqlRows } from '../server/db/sql';
import { riskIndexOf, riskLevelOf } from '../server/domain/report';
import { assertItemWithinLaw } from '../server/domain/lists';
import {
  assertNoOverlap,
  assertVersionConsistent,
  firstVersion,
  offenceFineToday,
  versionFromText,
  type VersionText,
} from '../server/domain/offence-versions';
import { versionInForce, type OffenceVersionRule } from '../server/domain/offence';
import * as E from '../server/db/entities';
import type { Orm } from '../server/db/orm';
import { hashPassword } from '../server/services/auth';
import { Catalogue } from '../server/services/catalogue';
import { saveCase } from '../server/services/cases';
import { readCsv } from './csv';
import { Random, dayToIso, isoToDay } from './random';
import { generateCases } from './cases';

export const DEMO_PASSWORD = 'lawcheck-demo';

const dataFile = (name: string) => path.join(dataDir(), name);
function dataDir(): string {
  // From dist/seeds or from seeds/ (tests): the data stays in the source tree.
  for (const dir of [path.resolve(__dirname, 'data'), path.resolve(__dirname, '..', '..', 'seeds', 'data')])
    if (fs.existsSync(dir)) return dir;
  throw new Error('seeds/data not found');
}
const yamlFile = <T>(name: string) =>
  YAML.parse(fs.readFileSync(dataFile(name), 'utf8'), { version: '1.1' }) as T;

interface TierRow {
  level: Tier;
  min: number;
  max: number;
  conditions: string;
}
interface BaselineRow {
  offence: string;
  effectiveFrom: string;
  effectiveTo?: string;
  source: string;
  tiers?: TierRow[];
}
interface UserRow {
  username: string;
  displayName: string;
  role: Role;
  department?: string;
  lawFirm?: string;
}
interface FindingTemplate {
  category: FindingCategory;
  riskLevel: RiskLevel;
  description: string;
  legalBasis: string;
  recommendation: string;
  offence?: string;
}

interface ListSeriesRow {
  series: string;
  issuer?: string;
  field?: string;
  items: string;
  versions: {
    version: string;
    title: string;
    issuer: string;
    effectiveFrom: string;
    effectiveTo?: string;
    status: ListStatus;
  }[];
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));

/** The reference data every installation starts from: places, departments, catalogue, baselines, lists. */
export async function seedReference(em: EntityManager): Promise<void> {
  for (const r of readCsv(dataFile('districts.csv'))) em.create(E.District, { name: r.name, code: r.code });
  const departments = new Map(
    readCsv(dataFile('departments.csv')).map((r) => [
      r.code,
      em.create(E.Department, {
        name: r.name,
        code: r.code,
        caseNumberPrefix: r.caseNumberPrefix || null,
        reviewBody: r.reviewBody || null,
      }),
    ]),
  );
  const offences = new Map<string, E.Offence>();
  for (const r of readCsv(dataFile('offences.csv'))) {
    offences.set(
      r.code,
      em.create(E.Offence, {
        code: r.code,
        department: departments.get(r.department)!,
        title: r.title,
        violatedProvision: r.violated_provision,
        penaltyProvision: r.penalty_provision,
        fineMin: toCents(Number(r.fine_min), 'fine_min'),
        fineMax: toCents(Number(r.fine_max), 'fine_max'),
        fineUnit: r.fine_unit as FineUnit,
        lifeHealthFinance: r.life_health_finance === 'true',
      }),
    );
  }
  // Each offence's versions (offence-versions.yaml), or version 1 from its row; the offence shows today's.
  const versionRows = yamlFile<{ offences: Record<string, VersionText[]> }>('offence-versions.yaml').offences;
  const clauses = new Map<string, OffenceVersionRule[]>();
  for (const [code, offence] of offences) {
    const base = firstVersion(offence.fineMin, offence.fineMax, offence.fineUnit, offence.penaltyProvision);
    const rules: Omit<OffenceVersionRule, 'id'>[] = versionRows[code]
      ? versionRows[code].map((r) => versionFromText(r, base, code))
      : [base];
    clauses.set(
      code,
      rules.map((r, id) => ({ ...r, id })),
    );
    rules.forEach((rule, i) => {
      assertVersionConsistent(rule);
      assertNoOverlap(
        rules.filter((_, j) => j !== i).map((r, j) => ({ ...r, id: j })),
        rule,
      );
      em.create(E.OffenceVersion, {
        ...rule,
        offence,
        penaltyKinds: [...rule.penaltyKinds],
        seriousPenaltyKinds: [...rule.seriousPenaltyKinds],
        noFaultPenaltyKinds: [...rule.noFaultPenaltyKinds],
      });
    });
    const today = offenceFineToday(rules.map((r, id) => ({ ...r, id })));
    if (today) Object.assign(offence, today);
  }
  const baselines = yamlFile<{ default: { effectiveFrom: string; source: string }; custom: BaselineRow[] }>(
    'baselines.yaml',
  );
  const custom = new Map<string, BaselineRow[]>();
  for (const b of baselines.custom) custom.set(b.offence, [...(custom.get(b.offence) ?? []), b]);
  const defaultFrom = iso(baselines.default.effectiveFrom);
  for (const [code, offence] of offences) {
    const versions = clauses.get(code) ?? [];
    // The default split of a version's range, in its own unit.
    const split = (version: OffenceVersionRule | null) => {
      const range = version ? mainRange(version) : null;
      return defaultTiers(range?.min ?? 0, range?.max ?? 0);
    };
    const own = custom.get(code)?.map((b) => ({
      source: b.source,
      effectiveFrom: iso(b.effectiveFrom),
      effectiveTo: b.effectiveTo ? iso(b.effectiveTo) : null,
      tiers: b.tiers
        ? b.tiers.map((t) => ({ ...t, min: toCents(t.min, 'min'), max: toCents(t.max, 'max') }))
        : split(versionInForce(versions, iso(b.effectiveFrom))),
    }));
    // Without a baseline of its own, each version of the clause in force since the default date
    // gets the default split of its own range: one split for the whole period would grade an
    // amended clause by the range of another (行政处罚法 Art. 34).
    // A clause without a fine to grade (警告 only) gets none.
    const defaults = versions
      .filter((v) => (v.effectiveTo === null || v.effectiveTo >= defaultFrom) && mainRange(v) !== null)
      .map((v) => ({
        source: baselines.default.source,
        effectiveFrom: v.effectiveFrom > defaultFrom ? v.effectiveFrom : defaultFrom,
        effectiveTo: v.effectiveTo,
        tiers: split(v),
      }));
    for (const baseline of own ?? defaults) {
      // The demo's baselines obey the rule the API enforces when a manager saves one.
      try {
        assertBaselineWithinLaw(baseline, versions);
      } catch (e) {
        throw new Error(`baselines.yaml, ${code} from ${baseline.effectiveFrom}: ${(e as Error).message}`);
      }
      em.create(E.DiscretionBaseline, { offence, ...baseline });
    }
  }
  for (const row of yamlFile<ListSeriesRow[]>('lists.yaml')) {
    const series = em.create(E.LeniencyListSeries, {
      name: row.series,
      issuer: row.issuer ?? null,
      field: row.field ?? null,
    });
    const lists = row.versions.map((l) =>
      em.create(E.LeniencyList, {
        series,
        version: l.version,
        title: l.title,
        issuer: l.issuer,
        effectiveFrom: iso(l.effectiveFrom),
        effectiveTo: l.effectiveTo ? iso(l.effectiveTo) : null,
        status: l.status,
        publishedAt: l.status === ListStatus.PUBLISHED ? new Date(`${iso(l.effectiveFrom)}T00:00:00Z`) : null,
      }),
    );
    const numbers = new Map<string, number>();
    for (const r of readCsv(dataFile(row.items))) {
      for (const version of r.versions.split(/\s+/)) {
        const list = lists.find((l) => l.version === version);
        if (!list)
          throw new Error(`${row.items} names version ${version}, which ${row.series} does not have`);
        const offence = offences.get(r.offence);
        if (!offence)
          throw new Error(`${row.items} names offence ${r.offence}, which offences.csv does not have`);
        const number = (numbers.get(version) ?? 0) + 1;
        numbers.set(version, number);
        const item = em.create(E.LeniencyItem, {
          list,
          number,
          offence,
          kind: r.kind as LeniencyKind,
          conditions: r.conditions,
          conditionMatch: (r.condition_match || ConditionMatch.ALL) as ConditionMatch,
          lookbackKind: (r.lookback_kind || LookbackKind.MONTHS) as LookbackKind,
          lookbackMonths: r.lookback_months ? Number(r.lookback_months) : null,
          maxHarm: r.max_harm as Harm,
          requiresCorrection: r.requires_correction === 'true',
          measures: r.measures.split(';').filter(Boolean),
          requiresCommitment: r.measures.includes('承诺书'),
          note: r.note || null,
        });
        // 行政处罚法 Art. 33: the demo list promises no more than the law allows.
        assertItemWithinLaw({ ...item, lookbackMonths: item.lookbackMonths ?? null });
        (r.condition_list ?? '')
          .split('|')
          .filter(Boolean)
          .forEach((text, i) => em.create(E.LeniencyItemCondition, { item, number: i + 1, text }));
      }
    }
  }
  await em.flush();
}

/** Demo accounts (demo password) and the staff the generated cases and reports name. */
export async function seedUsers(em: EntityManager): Promise<void> {
  const users = yamlFile<{ demo: UserRow[]; staff: UserRow[] }>('users.yaml');
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const departments = new Map((await em.find(E.Department, {})).map((d) => [d.code, d]));
  for (const u of [...users.demo, ...users.staff]) {
    em.create(E.User, {
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      department: u.department ? departments.get(u.department)! : null,
      lawFirm: u.lawFirm ?? null,
      active: true,
      passwordHash,
    });
  }
  await em.flush();
}

export async function seedEnterprises(em: EntityManager): Promise<void> {
  const districts = new Map((await em.find(E.District, {})).map((d) => [d.code, d]));
  for (const r of readCsv(dataFile('enterprises.csv'))) {
    em.create(E.Enterprise, {
      creditCode: r.credit_code,
      name: r.name,
      legalRepresentative: r.legal_representative,
      district: districts.get(r.district_code)!,
      industry: r.industry,
      scale: r.scale as EnterpriseScale,
      address: r.address,
      registeredAt: r.registered_at,
    });
  }
  await em.flush();
}

const REPORT_STATES: ReportStatus[] = [
  ReportStatus.DRAFT,
  ReportStatus.SUBMITTED,
  ReportStatus.RETURNED,
  ReportStatus.ACCEPTED,
  ReportStatus.DELIVERED,
];

/** 20 health-check reports, four in each workflow state, with findings from findings.yaml. */
export async function seedReports(em: EntityManager, seed = 7): Promise<void> {
  const rng = new Random(seed);
  const templates = yamlFile<FindingTemplate[]>('findings.yaml');
  const lawyers = await em.find(E.User, { role: Role.LAWYER }, { orderBy: { id: 'asc' } });
  const manager = await em.findOneOrFail(E.User, { username: 'manager' });
  const enterprises = await em.find(E.Enterprise, {}, { orderBy: { id: 'asc' }, limit: 300 });
  const offences = new Map((await em.find(E.Offence, {})).map((o) => [o.code, o]));
  for (let i = 0; i < 20; i++) {
    const status = REPORT_STATES[i % REPORT_STATES.length];
    const lawyer = lawyers[i % lawyers.length];
    const checkDay = isoToDay('2026-11-20') - rng.int(5, 330);
    const at = (days: number) => new Date((checkDay + days) * 86400000 + 9 * 3600000);
    const enterprise = enterprises[(i * 37) % enterprises.length];
    const report = em.create(E.CheckupReport, {
      enterprise,
      lawyer,
      lawFirm: lawyer.lawFirm,
      checkDate: dayToIso(checkDay),
      scope: '公司治理、合同管理、劳动用工、税务、生态环保、安全生产、数据合规',
      method: '现场走访、查阅资料、访谈企业负责人及相关岗位人员',
      summary: `${enterprise.name}整体经营较为规范，但在若干方面存在法律风险，建议按照本报告逐项整改。`,
      status,
      submittedAt: status === ReportStatus.DRAFT ? null : at(3),
      reviewer: [ReportStatus.DRAFT, ReportStatus.SUBMITTED].includes(status) ? null : manager,
      reviewedAt: [ReportStatus.DRAFT, ReportStatus.SUBMITTED].includes(status) ? null : at(6),
      reviewComment:
        status === ReportStatus.RETURNED
          ? '请补充劳动用工部分的法律依据，并明确整改期限。'
          : status === ReportStatus.DRAFT
            ? null
            : '同意。',
      deliveredAt: status === ReportStatus.DELIVERED ? at(8) : null,
    });
    const findings = [];
    const count = rng.int(2, 5);
    const start = rng.int(0, templates.length - 1);
    for (let k = 0; k < count; k++) {
      const t = templates[(start + k * 3) % templates.length];
      const rectified = status === ReportStatus.DELIVERED && rng.chance(0.5);
      findings.push(
        em.create(E.ReportFinding, {
          report,
          category: t.category,
          riskLevel: t.riskLevel,
          description: t.description,
          legalBasis: t.legalBasis,
          recommendation: t.recommendation,
          deadline: dayToIso(checkDay + 30 + k * 15),
          rectified,
          rectifiedAt: rectified ? dayToIso(checkDay + 20 + k) : null,
          offence: t.offence ? offences.get(t.offence)! : null,
        }),
      );
    }
    report.riskIndex = riskIndexOf(findings);
    report.riskLevel = riskLevelOf(report.riskIndex);
  }
  await em.flush();
}

/** The built-in text of each document as the city's default template, for managers to edit. */
export function seedDocumentTemplates(em: EntityManager): void {
  for (const [kind, t] of Object.entries(DEFAULT_TEMPLATES))
    em.create(E.DocumentTemplate, {
      kind: kind as DocumentKind,
      title: t.title,
      body: t.body,
      department: null,
    });
}

/**
 * The follow-up visits the generated lenient cases would have been given (domain/documents.ts),
 * with the results of those long past: most corrected, some not; the recent ones pending, a
 * few of them overdue.
 */
export async function seedFollowUps(em: EntityManager, today = todayIso()): Promise<void> {
  const rows = await sqlRows<{
    id: number;
    status: CaseStatus;
    outcome: Tier | null;
    kind: LeniencyKind | null;
    decision_date: unknown;
    officer_id: number | null;
  }>(
    em,
    `select c.id, c.status, c.outcome, i.kind, c.decision_date, c.officer_id
       from penalty_case c join leniency_item i on i.id = c.item_id order by c.id`,
  );
  const iso = (v: unknown) =>
    v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' ? v.slice(0, 10) : null;
  const now = new Date();
  const visits = rows.flatMap((r) => {
    const schedule = followUpSchedule({
      status: r.status,
      outcome: r.outcome,
      itemKind: r.kind,
      decisionDate: iso(r.decision_date),
    });
    if (!schedule) return [];
    const past = addDays(schedule.dueDate, 30) < today;
    const result = !past
      ? FollowUpResult.PENDING
      : r.id % 9 === 0
        ? FollowUpResult.NOT_CORRECTED
        : FollowUpResult.CORRECTED;
    return [
      {
        createdAt: now,
        updatedAt: now,
        penaltyCase: Number(r.id),
        ...schedule,
        doneDate: result === FollowUpResult.PENDING ? null : schedule.dueDate,
        result,
        officer: r.officer_id === null ? null : Number(r.officer_id),
        notes: result === FollowUpResult.NOT_CORRECTED ? '回访时尚未改正，已再次责令改正' : null,
      },
    ];
  });
  if (visits.length) await em.insertMany(E.FollowUpVisit, visits);
}

/**
 * Two cases of the demo officer waiting for the demo reviewer (法制审核), recorded through the
 * one writer of cases as the officer would: 减轻 chosen under Art. 32, and a fine below the
 * baseline's range (inside the statute's).
 */
async function seedCasesInReview(em: EntityManager, catalogue: Catalogue): Promise<void> {
  const officer = await em.findOneOrFail(E.User, { username: 'officer' });
  const offence = await em.findOneOrFail(E.Offence, { code: 'SCJG-012' });
  const enterprises = await em.find(E.Enterprise, {}, { orderBy: { id: 'asc' }, limit: 2 });
  const facts = [
    {
      // 市场主体登记管理条例 Art. 43 fines only 拒不改正的: both parties were ordered to register and did not.
      refusedCorrection: true,
      mitigating: [MitigatingFactor.CONFESSED],
      officerChoice: Tier.MITIGATED,
      // Refused to correct, so still trading: the 减轻 rests on the confession (Art. 32 (三)) alone.
      choiceReason: '当事人主动供述行政机关尚未掌握的违法行为',
    },
    {
      // Below the baseline's range but inside the statute's (1万–10万): hardship is no ground to go
      // below the statutory minimum (减轻 needs Art. 32; 暂缓或者分期缴纳 is Art. 66 ¶2).
      refusedCorrection: true,
      fine: 1_500_000,
      overrideReason:
        '当事人为残疾人个体经营者，经营规模小、违法持续时间短，拟在法定幅度内低于裁量基准处罚，提请法制审核',
    },
  ];
  for (const [i, f] of facts.entries()) {
    const c = em.create(E.PenaltyCase, {
      caseNumber: '',
      enterprise: enterprises[i],
      offence,
      department: offence.department,
      district: enterprises[i].district ?? (await em.findOneOrFail(E.District, { code: '150203' })),
      officer,
      offenceDate: '2026-10-08',
      discoveredDate: '2026-10-09',
      decisionDate: todayIso(),
      harm: Harm.GENERAL,
      corrected: false,
      ...f,
    });
    await saveCase({ em, catalogue, user: null }, c, { ...f }, 'create');
  }
}

/**
 * Seeds an empty database with the whole demo: reference data, users, 300 enterprises,
 * a few thousand cases decided by the rules, 20 reports. Returns a summary, or null when
 * the database already has users (nothing a user saved is ever overwritten).
 */
export async function seedDemoIfEmpty(orm: Orm, cases = 3000): Promise<string | null> {
  const em = orm.em.fork();
  if ((await em.count(E.User, {})) > 0) return null;
  // One transaction: a crash part-way leaves the database empty, and the next start seeds again.
  const decided = await em.transactional(async (tx) => {
    await seedReference(tx);
    await seedUsers(tx);
    await seedEnterprises(tx);
    await seedReports(tx);
    seedDocumentTemplates(tx);
    const made = await generateCases(tx, { cases, seed: 2024 });
    await seedFollowUps(tx);
    return made;
  });
  // Through the service, which reads the catalogue as committed: after the demo is.
  const catalogue = new Catalogue(orm.em);
  await em.fork().transactional((tx) => seedCasesInReview(tx, catalogue));
  return `${await em.count(E.Offence, {})} offences, ${await em.count(E.LeniencyList, {})} list versions, ${await em.count(
    E.Enterprise,
    {},
  )} enterprises, ${decided + 2} cases, ${await em.count(E.CheckupReport, {})} reports, ${await em.count(E.User, {})} users`;
}
