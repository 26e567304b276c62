import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager, Knex } from '@mikro-orm/knex';
import {
  AggravatingFactor,
  CaseStatus,
  FineUnit,
  Harm,
  LeniencyKind,
  MitigatingFactor,
  Role,
  Tier,
} from '../server/domain/enums';
import {
  buildFacts,
  decide,
  reliefOf,
  type Decision,
  type PriorCase,
  type RuleBook,
} from '../server/domain/leniency';
import * as E from '../server/db/entities';
import { rebuildCaseStats } from '../server/db/case-stats';
import { formatCaseNumber } from '../server/domain/case-review';
import { itemLabel } from '../server/domain/lists';
import { sqlRows } from '../server/db/sql';
import type { Orm } from '../server/db/orm';
import { catalogueRules } from '../server/services/rulebook';
import { Random, dayToIso, isoToDay } from './random';

export interface CaseOptions {
  cases: number;
  seed: number;
  /** Last decision date; cases spread over the two years before it. */
  until?: string;
  /** Rows per INSERT statement and per transaction (STACK.md: a few thousand, 50k). */
  batchRows?: number;
  transactionRows?: number;
  demo?: boolean;
  onProgress?: (done: number) => void;
}

interface CaseRow {
  id: number;
  case_number: string;
  enterprise_id: number;
  offence_id: number;
  department_id: number;
  district_id: number;
  officer_id: number | null;
  offence_date: string;
  offence_end_date: string | null;
  discovered_date: string;
  decision_date: string | null;
  harm: Harm;
  corrected: boolean;
  no_fault_evidence: boolean;
  evidence: string | null;
  mitigating: string;
  aggravating: string;
  illegal_gain: number | null;
  basis_amount: number | null;
  outcome: Tier | null;
  item_id: number | null;
  item_label: string | null;
  fine: number | null;
  reference_fine: number | null;
  relief: number | null;
  status: CaseStatus;
  decision: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/**
 * A fine the officer could have chosen inside the decision's range, in round amounts: 0 where no
 * penalty is imposed (DOMAIN.md: relief counts it as 0), none where a penalty is imposed without a
 * fine (a warning, or a range in multiples of a basis the case does not establish), never a fine
 * of 0 beside a penalty.
 */
function chooseFine(rng: Random, d: Decision): number | null {
  if (d.outcome === Tier.NONE) return 0;
  if (!d.fineRange || d.fineRange.max === 0 || d.fineRange.unit !== FineUnit.YUAN) return null;
  const { min, max } = d.fineRange;
  const step = max - min >= 100_000 ? 10_000 : 100; // whole hundreds of yuan, or whole yuan for small fines
  const raw = min + rng.next() * (max - min);
  // A range from 0 (罚款…以下) still fines something: a penalty with a fine of 0 is none.
  const rounded = Math.max(Math.round(raw / step) * step, step);
  return Math.min(max, Math.max(min, rounded));
}

/**
 * Generates `cases` cases over two years and decides each with the same engine the API uses,
 * in act-date order, so that earlier cases are the priors of later ones (首违, REPEAT).
 * Deterministic from `seed`. Inserts in multi-row statements inside large transactions.
 */
export async function generateCases(orm: Orm | EntityManager, options: CaseOptions): Promise<number> {
  // Inside a caller's transaction (the demo seed: all or nothing), or in our own ones.
  const em = ('em' in orm ? orm.em.fork() : orm) as unknown as SqlEntityManager;
  const outer = em.isInTransaction() ? (em.getTransactionContext() as Knex.Transaction) : null;
  const rng = new Random(options.seed);
  const until = options.until ?? '2026-11-20';
  // One after another: inside a caller's transaction they share one connection.
  const offences = await em.find(E.Offence, {}, { orderBy: { id: 'asc' } });
  const items = await em.find(E.LeniencyItem, {});
  const catalogue = {
    offences,
    versions: await em.find(E.OffenceVersion, {}),
    series: await em.find(E.LeniencyListSeries, {}),
    lists: await em.find(E.LeniencyList, {}),
    items,
    conditions: await em.find(E.LeniencyItemCondition, {}),
    baselines: await em.find(E.DiscretionBaseline, {}),
  };
  const enterprises = await sqlRows<{ id: number; district_id: number }>(
    em,
    'select id, district_id from enterprise order by id',
  );
  const officers = await em.find(E.User, { role: Role.OFFICER });
  const departments = await em.find(E.Department, {});
  if (!enterprises.length || !offences.length)
    throw new Error('seed the reference data and enterprises first');
  const rules = catalogueRules(catalogue);
  const officersByDept = new Map<number, number[]>();
  for (const o of officers)
    if (o.department)
      officersByDept.set(o.department.id, [...(officersByDept.get(o.department.id) ?? []), o.id]);
  // Case numbers in each department's series, continuing its counters (services/case-numbers.ts).
  const prefixes = new Map(departments.map((d) => [d.id, d.caseNumberPrefix || `${d.code}罚`]));
  const counters = new Map(
    (
      await sqlRows<{ department_id: number; year: number; last: number }>(
        em,
        'select * from case_number_counter',
      )
    ).map((r) => [`${r.department_id}:${r.year}`, Number(r.last)]),
  );
  // Offences on the list are inspected more often: weight them up.
  const listed = new Set(
    items.filter((i) => i.kind !== LeniencyKind.NO_COERCIVE_MEASURE).map((i) => i.offence.id),
  );
  const offenceWeights = offences.map((o) => [o, listed.has(o.id) ? 3 : 1] as const);
  // A fifth of the cases fall on a tenth of the enterprises: repeat offenders exist.
  const frequent = enterprises.slice(0, Math.max(1, Math.floor(enterprises.length / 10)));

  const lastDay = isoToDay(until);
  const firstDay = lastDay - 730;
  const facts = [];
  for (let i = 0; i < options.cases; i++) {
    const offence = rng.weighted(offenceWeights);
    const enterprise = rng.chance(0.2) ? rng.pick(frequent) : rng.pick(enterprises);
    const decisionDay = rng.int(firstDay, lastDay);
    const timeBarred = rng.chance(0.005);
    const discoveredDay = decisionDay - rng.int(5, 60);
    const offenceDay = timeBarred ? discoveredDay - rng.int(800, 1200) : discoveredDay - rng.int(0, 45);
    const continuing = rng.chance(0.05);
    facts.push({
      offence,
      enterprise,
      offenceDate: dayToIso(offenceDay),
      offenceEndDate: continuing ? dayToIso(Math.min(discoveredDay, offenceDay + rng.int(10, 60))) : null,
      discoveredDate: dayToIso(discoveredDay),
      decisionDate: dayToIso(decisionDay),
      harm: rng.weighted([
        [Harm.NONE, 35],
        [Harm.MINOR, 40],
        [Harm.GENERAL, 20],
        [Harm.SERIOUS, 5],
      ] as const),
      corrected: rng.chance(0.8),
      noFaultEvidence: rng.chance(0.01),
      mitigating: rng.chance(0.08) ? [rng.pick(Object.values(MitigatingFactor))] : [],
      aggravating: rng.chance(0.04)
        ? [rng.pick([AggravatingFactor.REFUSED_CORRECTION, AggravatingFactor.OBSTRUCTED])]
        : ([] as AggravatingFactor[]),
      illegalGain: offence.fineUnit === FineUnit.MULTIPLE_OF_ILLEGAL_GAIN ? rng.int(10, 2000) * 10_000 : null,
      // A fine set as a multiple of another basis (货值金额, 少缴税款) needs that amount established.
      basisAmount:
        offence.fineUnit !== FineUnit.YUAN && offence.fineUnit !== FineUnit.MULTIPLE_OF_ILLEGAL_GAIN
          ? rng.int(1, 500) * 10_000
          : null,
      status: rng.weighted([
        [CaseStatus.DECIDED, 70],
        [CaseStatus.CLOSED, 28],
        [CaseStatus.OPEN, 2],
      ] as const),
    });
    // 拒不改正 is of a party that did not correct (buildFacts refuses it beside 已及时改正).
    const drawn = facts[facts.length - 1];
    if (drawn.corrected)
      drawn.aggravating = drawn.aggravating.map((a) =>
        a === AggravatingFactor.REFUSED_CORRECTION ? AggravatingFactor.OBSTRUCTED : a,
      );
  }
  facts.sort((a, b) => (a.offenceDate < b.offenceDate ? -1 : a.offenceDate > b.offenceDate ? 1 : 0));

  const maxId = await sqlRows<{ m: number | null }>(em, 'select max(id) as m from penalty_case');
  let nextId = Number(maxId[0]?.m ?? 0) + 1;
  const priors = new Map<string, PriorCase[]>();
  const batchRows = options.batchRows ?? 500;
  const txRows = options.transactionRows ?? 50_000;
  const knex = em.getKnex();
  let done = 0;
  let rows: CaseRow[] = [];
  let pending: CaseRow[][] = [];
  const flush = async () => {
    if (!pending.length) return;
    const batches = pending;
    pending = [];
    if (outer) for (const batch of batches) await outer('penalty_case').insert(batch);
    else
      await knex.transaction(async (trx) => {
        for (const batch of batches) await trx('penalty_case').insert(batch);
      });
  };
  const now = new Date();
  for (const f of facts) {
    const key = `${f.enterprise.id}:${f.offence.id}`;
    const history = priors.get(key) ?? [];
    const book: RuleBook = {
      ...rules.byOffence.get(f.offence.id)!,
      lists: rules.lists,
      priorCases: history,
    };
    const decided = f.status !== CaseStatus.OPEN;
    const decision = decided ? decide(buildFacts(f, f.decisionDate), book) : null;
    const fine = decision ? chooseFine(rng, decision) : null;
    const year = Number(f.decisionDate.slice(0, 4));
    const deptId = f.offence.department.id;
    const seq = (counters.get(`${deptId}:${year}`) ?? 0) + 1;
    counters.set(`${deptId}:${year}`, seq);
    const caseNumber = formatCaseNumber(prefixes.get(deptId)!, year, seq);
    const officerIds = officersByDept.get(deptId) ?? [];
    rows.push({
      id: nextId,
      case_number: caseNumber,
      enterprise_id: f.enterprise.id,
      offence_id: f.offence.id,
      department_id: deptId,
      district_id: f.enterprise.district_id,
      officer_id: officerIds.length ? rng.pick(officerIds) : null,
      offence_date: f.offenceDate,
      offence_end_date: f.offenceEndDate,
      discovered_date: f.discoveredDate,
      decision_date: decided ? f.decisionDate : null,
      harm: f.harm,
      corrected: f.corrected,
      no_fault_evidence: f.noFaultEvidence,
      // A decided case states its evidence (Art. 59), so that the demo prints its decision.
      evidence: decided ? '现场检查笔录、询问笔录、营业执照复印件' : null,
      mitigating: JSON.stringify(f.mitigating),
      aggravating: JSON.stringify(f.aggravating),
      illegal_gain: f.illegalGain,
      basis_amount: f.basisAmount,
      outcome: decision?.outcome ?? null,
      item_id: decision?.item?.id ?? null,
      item_label: decision?.item ? itemLabel(decision.item) : null,
      fine,
      reference_fine: decision?.referenceFine ?? null,
      relief: decision
        ? reliefOf({
            outcome: decision.outcome,
            itemId: decision.item?.id,
            referenceFine: decision.referenceFine,
            fine,
          })
        : null,
      status: f.status,
      decision: decision ? JSON.stringify(decision) : null,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    // Only decided cases are violation records (as in Catalogue.ruleBook).
    if (decision)
      history.push({ id: nextId, caseNumber, offenceDate: f.offenceDate, outcome: decision.outcome });
    nextId++;
    priors.set(key, history);
    if (rows.length >= batchRows) {
      pending.push(rows);
      rows = [];
    }
    done++;
    if (done % txRows === 0) {
      if (rows.length) pending.push(rows);
      rows = [];
      await flush();
      options.onProgress?.(done);
    }
  }
  if (rows.length) pending.push(rows);
  await flush();
  // The counters continue after the numbers given here.
  const saveCounters = async (trx: Knex | Knex.Transaction) => {
    for (const [key, last] of counters) {
      const [departmentId, year] = key.split(':').map(Number);
      await trx.raw(
        `insert into case_number_counter (department_id, year, last) values (?, ?, ?)
         on conflict (department_id, year) do update set last = excluded.last`,
        [departmentId, year, last],
      );
    }
  };
  if (outer) await saveCounters(outer);
  else await knex.transaction((trx) => saveCounters(trx));
  // The cases went in as plain rows: recompute the totals managers read (db/case-stats.ts).
  const dialect = em.getPlatform().constructor.name.startsWith('PostgreSql') ? 'postgresql' : 'sqlite';
  if (outer) await rebuildCaseStats(em, dialect);
  else await em.transactional((tx) => rebuildCaseStats(tx, dialect));
  // Ids were given explicitly (priors refer to them): move PostgreSQL's sequence past them.
  if (em.getPlatform().constructor.name.startsWith('PostgreSql'))
    await em
      .getConnection()
      .execute(
        "select setval(pg_get_serial_sequence('penalty_case', 'id'), (select coalesce(max(id), 1) from penalty_case))",
        [],
        'all',
        outer ?? undefined,
      );
  options.onProgress?.(done);
  return done;
}
