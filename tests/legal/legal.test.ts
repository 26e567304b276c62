import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../server/domain/creditCode';
import { addDays } from '../../server/domain/dates';
import { Harm, ListStatus } from '../../server/domain/enums';
import { decide, type PriorCase } from '../../server/domain/leniency';
import { toCents } from '../../server/domain/money';
import { decisionToWire } from '../../server/graphql/decision-types';
import { dialects, startTestServer, type TestServer } from '../support/server';
import {
  differences,
  domainRules,
  loadRules,
  loadScenarios,
  type Observed,
  type Scenario,
} from './scenarios';

const rules = loadRules();
const scenarios = loadScenarios();
const label = (s: Scenario) => `${s.file.replace('.scenarios.yaml', '')}: ${s.name}`;

it('has at least 60 scenarios, each with a citation and an expected outcome', () => {
  expect(scenarios.length).toBeGreaterThanOrEqual(60);
  for (const s of scenarios) {
    expect(s.citation, s.name).toBeTruthy();
    expect(s.expect.outcome, s.name).toBeTruthy();
  }
});

describe('legal scenarios, decided by the rules module', () => {
  const { offences, lists, items, baselines } = domainRules(rules);

  it.each(scenarios.map((s) => [label(s), s] as const))('%s', (_name, s) => {
    const offence = offences.get(s.offence)!;
    expect(offence, `offence ${s.offence} is in rules.yaml`).toBeDefined();
    // Earlier cases of this enterprise and offence, as the database would return them.
    const priorCases: PriorCase[] = s.priors
      .filter(
        (p) =>
          (p.offence ?? s.offence) === s.offence &&
          p.enterprise !== 'other' &&
          p.offenceDate < s.facts.offenceDate,
      )
      .map((p, i) => ({
        id: 1000 + i,
        caseNumber: `前案-${i + 1}`,
        offenceDate: p.offenceDate,
        outcome: null,
      }));
    const decision = decide(
      {
        offenceDate: s.facts.offenceDate,
        offenceEndDate: s.facts.offenceEndDate ?? null,
        discoveredDate: s.facts.discoveredDate ?? s.facts.offenceEndDate ?? s.facts.offenceDate,
        decisionDate: s.facts.decisionDate,
        harm: s.facts.harm,
        corrected: s.facts.corrected,
        noFaultEvidence: s.facts.noFaultEvidence ?? false,
        mitigating: s.facts.mitigating ?? [],
        aggravating: s.facts.aggravating ?? [],
        illegalGain: s.facts.illegalGain === undefined ? null : toCents(s.facts.illegalGain, 'illegalGain'),
      },
      {
        offence,
        lists,
        items: items.filter((i) => i.offenceCode === s.offence),
        baselines: baselines.filter((b) => b.offenceCode === s.offence),
        priorCases,
      },
    );
    const wire = decisionToWire(decision);
    const seen: Observed = {
      ...wire,
      item: decision.item ? `${decision.item.listVersion} #${decision.item.number}` : null,
      priorCases: decision.priorCases.length,
    };
    expect(differences(s.expect, seen)).toEqual([]);
    // Every decision explains itself.
    expect(decision.reasons.every((r) => r.citation && r.detail)).toBe(true);
    expect(decision.summary).toMatch(/^当事人于.+。$/s);
    expect(decision.eligible).toBe(['NONE', 'MITIGATED', 'LIGHTER'].includes(decision.outcome));
  });
});

const DECISION = `
  outcome eligible mandatory grounds rulesAsOf firstOffence referenceFine measures summary
  item { number list { version } }
  list { version }
  priorCases { id caseNumber }
  fineRange { min max unit }
  reasons { rule passed citation detail }`;

describe.each(await dialects())('legal scenarios, through checkLeniency on %s', (dialect) => {
  let t: TestServer;
  let admin: string;
  const offenceIds = new Map<string, string>();
  const enterprises = new Map<string, { own: string; other: string }>();
  let departmentId = '';
  let districtId = '';
  let codeBody = 30_000_000;

  const must = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await t.gql<T>(query, variables, admin);
    if (res.errors || !res.data) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(res.errors)}`);
    return res.data;
  };
  const newEnterprise = async (name: string) =>
    (
      await must<{ createEnterprise: { id: string } }>(
        'mutation($c: String!, $n: String!) { createEnterprise(creditCode: $c, name: $n) { id } }',
        {
          c: makeCreditCode('91', '150299', String(++codeBody)),
          n: name,
        },
      )
    ).createEnterprise.id;

  beforeAll(async () => {
    t = await startTestServer(dialect, { demo: false });
    admin = await t.login('admin');
    departmentId = (await must<{ allDepartments: { id: string }[] }>('{ allDepartments { id } }'))
      .allDepartments[0].id;
    districtId = (await must<{ allDistricts: { id: string }[] }>('{ allDistricts { id } }')).allDistricts[0]
      .id;
    // The rules of rules.yaml, entered as a manager would: offences, draft lists with their items, published.
    for (const o of rules.offences) {
      const r = await must<{ createOffence: { id: string } }>(
        `mutation($code: String!, $d: ID!, $title: String!, $min: Float!, $max: Float!, $unit: FineUnit!, $lhf: Boolean!) {
          createOffence(code: $code, departmentId: $d, title: $title, violatedProvision: "测试违法依据", penaltyProvision: "测试处罚依据",
            fineMin: $min, fineMax: $max, fineUnit: $unit, lifeHealthFinance: $lhf) { id } }`,
        {
          code: o.code,
          d: departmentId,
          title: o.title,
          min: o.fineMin,
          max: o.fineMax,
          unit: o.unit ?? 'YUAN',
          lhf: o.lifeHealthFinance ?? false,
        },
      );
      offenceIds.set(o.code, r.createOffence.id);
    }
    for (const l of rules.lists) {
      const list = await must<{ createLeniencyList: { id: string } }>(
        'mutation($v: String!, $from: Date!, $to: Date) { createLeniencyList(version: $v, title: $v, effectiveFrom: $from, effectiveTo: $to) { id } }',
        { v: l.version, from: l.effectiveFrom, to: l.effectiveTo ?? null },
      );
      for (const it of l.items)
        await must(
          `mutation($l: ID!, $n: Int!, $o: ID!, $k: LeniencyKind!, $lb: Int, $h: Harm!, $rc: Boolean!, $m: [String!]) {
            createLeniencyItem(listId: $l, number: $n, offenceId: $o, kind: $k, conditions: "测试条件", lookbackMonths: $lb,
              maxHarm: $h, requiresCorrection: $rc, measures: $m) { id } }`,
          {
            l: list.createLeniencyList.id,
            n: it.number,
            o: offenceIds.get(it.offence),
            k: it.kind,
            lb: it.lookbackMonths ?? null,
            h: it.maxHarm,
            rc: it.requiresCorrection,
            m: it.measures ?? [],
          },
        );
      if (l.status === ListStatus.PUBLISHED)
        await must('mutation($id: ID!) { publishLeniencyList(id: $id, supersedePrevious: false) { id } }', {
          id: list.createLeniencyList.id,
        });
    }
    for (const b of rules.baselines)
      await must(
        'mutation($o: ID!, $from: Date!, $to: Date, $s: String, $tiers: [BaselineTierInput!]!) { createDiscretionBaseline(offenceId: $o, effectiveFrom: $from, effectiveTo: $to, source: $s, tiers: $tiers) { id } }',
        {
          o: offenceIds.get(b.offence),
          from: b.effectiveFrom,
          to: b.effectiveTo ?? null,
          s: b.source,
          tiers: b.tiers,
        },
      );
    // Each scenario has its own enterprise (and another one), and its earlier cases, decided as cases are.
    let n = 0;
    for (const s of scenarios) {
      const own = await newEnterprise(`情景企业${++n}`);
      const other = await newEnterprise(`其他企业${n}`);
      enterprises.set(label(s), { own, other });
      for (const [i, p] of s.priors.entries())
        await must(
          `mutation($no: String!, $e: ID!, $o: ID!, $d: ID!, $dist: ID!, $date: Date!, $dec: Date!, $h: Harm!, $c: Boolean!) {
            createPenaltyCase(caseNumber: $no, enterpriseId: $e, offenceId: $o, departmentId: $d, districtId: $dist,
              offenceDate: $date, decisionDate: $dec, harm: $h, corrected: $c) { id } }`,
          {
            no: `前案-${n}-${i + 1}`,
            e: p.enterprise === 'other' ? other : own,
            o: offenceIds.get(p.offence ?? s.offence),
            d: departmentId,
            dist: districtId,
            date: p.offenceDate,
            dec: addDays(p.offenceDate, 10),
            h: p.harm ?? Harm.GENERAL,
            c: p.corrected ?? false,
          },
        );
    }
  }, 300_000);
  afterAll(async () => t?.stop());

  it.each(scenarios.map((s) => [label(s), s] as const))('%s', async (name, s) => {
    const res = await t.gql<{
      checkLeniency: Omit<Observed, 'item' | 'priorCases' | 'reasons'> & {
        item: { number: number; list: { version: string } } | null;
        priorCases: { id: string }[];
        summary: string;
        eligible: boolean;
        reasons: { rule: string; passed: boolean; citation: string; detail: string }[];
      };
    }>(
      `query($input: LeniencyCheckInput!) { checkLeniency(input: $input) { ${DECISION} } }`,
      {
        input: {
          enterpriseId: enterprises.get(name)!.own,
          offenceId: offenceIds.get(s.offence),
          ...s.facts,
          discoveredDate: s.facts.discoveredDate ?? s.facts.offenceEndDate ?? s.facts.offenceDate,
        },
      },
      admin,
    );
    expect(res.errors).toBeUndefined();
    const d = res.data!.checkLeniency;
    const seen: Observed = {
      ...d,
      item: d.item ? `${d.item.list.version} #${d.item.number}` : null,
      priorCases: d.priorCases.length,
    };
    expect(differences(s.expect, seen)).toEqual([]);
    expect(d.reasons.every((r) => r.citation && r.detail)).toBe(true);
    expect(d.summary).toMatch(/^当事人于.+。$/s);
  });
});
