import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../server/domain/creditCode';
import { addDays } from '../../server/domain/dates';
import { Harm, ListStatus, type RuleStatus } from '../../server/domain/enums';
import { buildFacts, decide, type FactsInput, type PriorCase } from '../../server/domain/leniency';
import { fromCents, toCents } from '../../server/domain/money';
import { versionFromText } from '../../server/domain/offence-versions';
import { decisionToWire } from '../../server/graphql/decision-types';
import { dialects, startTestServer, type TestServer } from '../support/server';
import { assertBaselineWithinLaw } from '../../server/domain/baseline';
import { InvalidInput } from '../../server/domain/errors';
import {
  baselineVerdict,
  differences,
  domainRules,
  loadBaselineChecks,
  itemKey,
  loadRules,
  loadScenarios,
  type Observed,
  shorthandVersion,
  versionSpecs,
  type RulesFile,
  type Scenario,
  type VersionSpec,
} from './scenarios';

const rules = loadRules();
const scenarios = loadScenarios();
const baselineChecks = loadBaselineChecks();
const label = (s: Scenario) => `${s.file.replace('.scenarios.yaml', '')}: ${s.name}`;

it('has at least 60 scenarios, each with a citation and an expected outcome', () => {
  expect(scenarios.length).toBeGreaterThanOrEqual(60);
  for (const s of scenarios) {
    expect(s.citation, s.name).toBeTruthy();
    expect(s.expect.outcome, s.name).toBeTruthy();
  }
});

/** The facts of a scenario as a caller hands them over (amounts in fen, conditions by id). */
export function scenarioFacts(s: Scenario, conditionIds: ReadonlyMap<string, number>): FactsInput {
  const money = (v: number | undefined, field: string) => (v === undefined ? null : toCents(v, field));
  return {
    ...s.facts,
    illegalGain: money(s.facts.illegalGain, 'illegalGain'),
    basisAmount: money(s.facts.basisAmount, 'basisAmount'),
    confirmedConditions: (s.facts.confirmed ?? []).map((key) => {
      const id = conditionIds.get(key);
      if (id === undefined) throw new Error(`${s.name}: no condition ${key} in rules.yaml`);
      return id;
    }),
  };
}

describe('legal scenarios, decided by the rules module', () => {
  const { offences, lists, items, baselines, conditionIds } = domainRules(rules);
  const conditionKey = new Map([...conditionIds].map(([k, v]) => [v, k]));

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
    const decision = decide(buildFacts(scenarioFacts(s, conditionIds), '2026-11-30'), {
      offence,
      versions: offence.versions,
      lists,
      items: items.filter((i) => i.offenceCode === s.offence),
      baselines: baselines.filter((b) => b.offenceCode === s.offence),
      priorCases,
    });
    const wire = decisionToWire(decision);
    const seen: Observed = {
      ...wire,
      item: decision.item ? itemKey(decision.item.listVersion, decision.item.number) : null,
      priorCases: decision.priorCases.length,
      unconfirmed: decision.unconfirmed.map((c) => conditionKey.get(c.id)!),
      candidates: decision.candidates.map((c) => itemKey(c.listVersion, c.number)),
    };
    expect(differences(s.expect, seen)).toEqual([]);
    // Every decision explains itself.
    expect(decision.reasons.every((r) => r.citation && r.detail)).toBe(true);
    expect(decision.summary).toMatch(/^当事人于.+。$/s);
    expect(decision.eligible).toBe(['NONE', 'MITIGATED', 'LIGHTER'].includes(decision.outcome));
  });
});

describe('discretion baselines as saved, checked by the rules module (baselines.checks.yaml)', () => {
  const { offences } = domainRules(rules);

  it('has accepted and refused checks, each with a citation', () => {
    expect(baselineChecks.filter((c) => c.expect === 'accepted').length).toBeGreaterThanOrEqual(3);
    expect(baselineChecks.filter((c) => c.expect !== 'accepted').length).toBeGreaterThanOrEqual(8);
    for (const c of baselineChecks) expect(c.citation, c.name).toBeTruthy();
  });

  it.each(baselineChecks.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const offence = offences.get(c.offence);
    expect(offence, `offence ${c.offence} is in rules.yaml`).toBeDefined();
    let refusal: { field: string; message: string } | null = null;
    try {
      assertBaselineWithinLaw(
        {
          effectiveFrom: c.baseline.effectiveFrom,
          effectiveTo: c.baseline.effectiveTo ?? null,
          tiers: c.baseline.tiers.map((t) => ({
            ...t,
            min: toCents(t.min, 'min'),
            max: toCents(t.max, 'max'),
          })),
        },
        offence!.versions,
      );
    } catch (e) {
      if (!(e instanceof InvalidInput)) throw e;
      refusal = { field: e.field, message: `${e.zh} / ${e.en}` };
    }
    expect(baselineVerdict(c, refusal)).toEqual([]);
  });
});

const DECISION = `
  outcome eligible mandatory grounds rulesAsOf firstOffence referenceFine measures summary penalties advisories
  item { number list { version } }
  list { version }
  priorCases { id caseNumber }
  fineRange { min max unit }
  ranges { tier min max unit penaltyKinds }
  unconfirmed { id }
  candidates { id }
  reasons { rule passed status citation detail }`;

type WireDecision = Omit<Observed, 'item' | 'priorCases' | 'reasons' | 'unconfirmed' | 'candidates'> & {
  item: { number: number; list: { version: string } } | null;
  priorCases: { id: string }[];
  unconfirmed: { id: string }[];
  candidates: { id: string }[];
  summary: string;
  eligible: boolean;
  reasons: { rule: string; passed: boolean; status: RuleStatus; citation: string; detail: string }[];
};

/** Scenario facts as LeniencyCheckInput and createPenaltyCase take them (yuan, ids). */
function wireFacts(s: Scenario, conditionIds: ReadonlyMap<string, string>) {
  const { confirmed, ...facts } = s.facts;
  return {
    ...facts,
    discoveredDate: s.facts.discoveredDate ?? null,
    confirmedConditions: (confirmed ?? []).map((key) => conditionIds.get(key)!),
  };
}

describe.each(await dialects())('legal scenarios through the API on %s', (dialect) => {
  let t: TestServer;
  let admin: string;
  const offenceIds = new Map<string, string>();
  const enterprises = new Map<string, { own: string; other: string }>();
  const conditionIds = new Map<string, string>();
  const itemKeys = new Map<string, string>();
  const conditionKeys = new Map<string, string>();
  const checks = new Map<string, WireDecision>();
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
  const observed = (d: WireDecision): Observed => ({
    ...d,
    item: d.item ? itemKey(d.item.list.version, d.item.number) : null,
    priorCases: d.priorCases.length,
    unconfirmed: d.unconfirmed.map((c) => conditionKeys.get(c.id)!),
    candidates: d.candidates.map((c) => itemKeys.get(c.id)!),
  });

  beforeAll(async () => {
    t = await startTestServer(dialect, { demo: false });
    admin = await t.login('admin');
    departmentId = (await must<{ allDepartments: { id: string }[] }>('{ allDepartments { id } }'))
      .allDepartments[0].id;
    districtId = (await must<{ allDistricts: { id: string }[] }>('{ allDistricts { id } }')).allDistricts[0]
      .id;
    // The rules of rules.yaml, entered as a manager would: offences with their versions, series,
    // draft lists with their items and conditions, published; baselines.
    // The same reading of rules.yaml as the domain run, sent in the API's units (yuan, multiples).
    const MONEY_FIELDS = [
      'fineMin',
      'fineMax',
      'multipleMin',
      'multipleMax',
      'fallbackMin',
      'fallbackMax',
      'fallbackBelow',
      'seriousMin',
      'seriousMax',
    ] as const;
    const version = (v: VersionSpec, o: RulesFile['offences'][number]) => {
      const rule = versionFromText(v, shorthandVersion(o), o.code);
      const yuan = (c: number | null) => (c === null ? null : fromCents(c));
      return {
        ...rule,
        penaltyKinds: [...rule.penaltyKinds],
        seriousPenaltyKinds: [...rule.seriousPenaltyKinds],
        noFaultPenaltyKinds: [...rule.noFaultPenaltyKinds],
        ...Object.fromEntries(MONEY_FIELDS.map((f) => [f, yuan(rule[f])])),
      };
    };
    const VERSION_ARGS = `$effectiveFrom: Date!, $effectiveTo: Date, $citation: String, $penaltyKinds: [PenaltyKind!],
      $fineKind: FineKind!, $fineMin: Float, $fineMax: Float, $fineBasis: FineBasis, $multipleMin: Float, $multipleMax: Float,
      $fallbackMin: Float, $fallbackMax: Float, $fallbackBelow: Float, $fineWhen: FineWhen, $fineDiscretionary: Boolean, $seriousMin: Float, $seriousMax: Float,
      $seriousPenaltyKinds: [PenaltyKind!], $seriousDiscretionary: Boolean, $limitationYears: Int, $limitationCitation: String, $noFaultRule: NoFaultRule,
      $noFaultCitation: String, $noFaultPenaltyKinds: [PenaltyKind!]`;
    const VERSION_FIELDS = `effectiveFrom: $effectiveFrom, effectiveTo: $effectiveTo, citation: $citation, penaltyKinds: $penaltyKinds,
      fineKind: $fineKind, fineMin: $fineMin, fineMax: $fineMax, fineBasis: $fineBasis, multipleMin: $multipleMin, multipleMax: $multipleMax,
      fallbackMin: $fallbackMin, fallbackMax: $fallbackMax, fallbackBelow: $fallbackBelow, fineWhen: $fineWhen, fineDiscretionary: $fineDiscretionary, seriousMin: $seriousMin,
      seriousMax: $seriousMax, seriousPenaltyKinds: $seriousPenaltyKinds, seriousDiscretionary: $seriousDiscretionary,
      limitationYears: $limitationYears,
      limitationCitation: $limitationCitation, noFaultRule: $noFaultRule, noFaultCitation: $noFaultCitation,
      noFaultPenaltyKinds: $noFaultPenaltyKinds`;
    for (const o of rules.offences) {
      const specs = versionSpecs(o);
      const first = version(specs[0], o);
      const r = await must<{ createOffence: { id: string } }>(
        `mutation($code: String!, $d: ID!, $title: String!, $min: Float!, $max: Float!, $unit: FineUnit!, $lhf: Boolean!) {
          createOffence(code: $code, departmentId: $d, title: $title, violatedProvision: "测试违法依据", penaltyProvision: "测试处罚依据",
            fineMin: $min, fineMax: $max, fineUnit: $unit, lifeHealthFinance: $lhf) { id } }`,
        {
          code: o.code,
          d: departmentId,
          title: o.title,
          min: first.fineMin ?? first.multipleMin ?? 0,
          max: first.fineMax ?? first.multipleMax ?? 0,
          unit: first.fineKind === 'MULTIPLE' ? 'MULTIPLE_OF_ILLEGAL_GAIN' : 'YUAN',
          lhf: o.lifeHealthFinance ?? false,
        },
      );
      const offenceId = r.createOffence.id;
      offenceIds.set(o.code, offenceId);
      // createOffence made version 1 from its arguments: set it to the first version as written, add the others.
      const [v1] = (
        await must<{ allOffenceVersions: { id: string }[] }>(
          'query($o: ID!) { allOffenceVersions(filter: { offenceId: $o }) { id } }',
          { o: offenceId },
        )
      ).allOffenceVersions;
      await must(
        `mutation($id: ID!, ${VERSION_ARGS}) { updateOffenceVersion(id: $id, ${VERSION_FIELDS}) { id } }`,
        {
          id: v1.id,
          ...first,
        },
      );
      for (const spec of specs.slice(1))
        await must(
          `mutation($offenceId: ID!, ${VERSION_ARGS}) { createOffenceVersion(offenceId: $offenceId, ${VERSION_FIELDS}) { id } }`,
          { offenceId, ...version(spec, o) },
        );
    }
    const seriesIds = new Map<string, string>();
    for (const name of new Set(rules.lists.map((l) => l.series ?? '本市清单')))
      seriesIds.set(
        name,
        (
          await must<{ createLeniencyListSeries: { id: string } }>(
            'mutation($n: String!) { createLeniencyListSeries(name: $n, issuer: "测试机关", field: "综合") { id } }',
            { n: name },
          )
        ).createLeniencyListSeries.id,
      );
    for (const l of rules.lists) {
      const list = await must<{ createLeniencyList: { id: string } }>(
        'mutation($s: ID!, $v: String!, $from: Date!, $to: Date) { createLeniencyList(seriesId: $s, version: $v, title: $v, effectiveFrom: $from, effectiveTo: $to) { id } }',
        {
          s: seriesIds.get(l.series ?? '本市清单'),
          v: l.version,
          from: l.effectiveFrom,
          to: l.effectiveTo ?? null,
        },
      );
      for (const it of l.items) {
        const item = await must<{ createLeniencyItem: { id: string } }>(
          `mutation($l: ID!, $n: Int!, $o: ID!, $k: LeniencyKind!, $lk: LookbackKind, $lb: Int, $h: Harm!, $rc: Boolean!, $m: [String!],
                   $c: String!, $cm: ConditionMatch) {
            createLeniencyItem(listId: $l, number: $n, offenceId: $o, kind: $k, conditions: $c, lookbackKind: $lk, lookbackMonths: $lb,
              maxHarm: $h, requiresCorrection: $rc, measures: $m, conditionMatch: $cm) { id } }`,
          {
            l: list.createLeniencyList.id,
            n: it.number,
            o: offenceIds.get(it.offence),
            k: it.kind,
            lk: it.lookbackKind ?? null,
            lb: it.lookbackMonths ?? null,
            h: it.maxHarm,
            rc: it.requiresCorrection,
            m: it.measures ?? [],
            c: it.conditions?.join('；') ?? '测试条件',
            cm: it.conditionMatch ?? null,
          },
        );
        const itemId = item.createLeniencyItem.id;
        itemKeys.set(itemId, itemKey(l.version, it.number));
        for (const [i, text] of (it.conditions ?? []).entries()) {
          const c = await must<{ createLeniencyItemCondition: { id: string } }>(
            'mutation($i: ID!, $n: Int!, $t: String!) { createLeniencyItemCondition(itemId: $i, number: $n, text: $t) { id } }',
            { i: itemId, n: i + 1, t: text },
          );
          const key = `${itemKey(l.version, it.number)} (${i + 1})`;
          conditionIds.set(key, c.createLeniencyItemCondition.id);
          conditionKeys.set(c.createLeniencyItemCondition.id, key);
        }
      }
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
  }, 600_000);
  afterAll(async () => t?.stop());

  it.each(scenarios.map((s) => [label(s), s] as const))('checkLeniency: %s', async (name, s) => {
    const res = await t.gql<{ checkLeniency: WireDecision }>(
      `query($input: LeniencyCheckInput!) { checkLeniency(input: $input) { ${DECISION} } }`,
      {
        input: {
          enterpriseId: enterprises.get(name)!.own,
          offenceId: offenceIds.get(s.offence),
          ...wireFacts(s, conditionIds),
        },
      },
      admin,
    );
    expect(res.errors).toBeUndefined();
    const d = res.data!.checkLeniency;
    checks.set(name, d);
    expect(differences(s.expect, observed(d))).toEqual([]);
    expect(d.reasons.every((r) => r.citation && r.detail)).toBe(true);
    expect(d.summary).toMatch(/^当事人于.+。$/s);
  });

  // DOMAIN.md: a check and a recorded case with the same facts give the same decision.
  it.each(scenarios.map((s) => [label(s), s] as const))('recorded case = check: %s', async (name, s) => {
    const res = await t.gql<{ createPenaltyCase: { outcome: string; decision: WireDecision } }>(
      `mutation($no: String!, $e: ID!, $o: ID!, $d: ID!, $dist: ID!, $date: Date!, $end: Date, $found: Date, $dec: Date!, $h: Harm!, $c: Boolean!,
                $nf: Boolean, $mit: [MitigatingFactor!], $agg: [AggravatingFactor!], $gain: Float, $basis: Float, $serious: Boolean,
                $refused: Boolean, $confirmed: [ID!], $choice: Tier) {
        createPenaltyCase(caseNumber: $no, enterpriseId: $e, offenceId: $o, departmentId: $d, districtId: $dist, offenceDate: $date,
          offenceEndDate: $end, discoveredDate: $found, decisionDate: $dec, harm: $h, corrected: $c, noFaultEvidence: $nf,
          mitigating: $mit, aggravating: $agg, illegalGain: $gain, basisAmount: $basis, seriousCircumstances: $serious,
          refusedCorrection: $refused, confirmedConditions: $confirmed, officerChoice: $choice,
          choiceReason: "情景测试") {
          outcome decision { ${DECISION} } } }`,
      (() => {
        const f = wireFacts(s, conditionIds);
        return {
          no: `情景-${scenarios.indexOf(s) + 1}`,
          e: enterprises.get(name)!.own,
          o: offenceIds.get(s.offence),
          d: departmentId,
          dist: districtId,
          date: f.offenceDate,
          end: f.offenceEndDate ?? null,
          found: f.discoveredDate,
          dec: f.decisionDate,
          h: f.harm,
          c: f.corrected,
          nf: f.noFaultEvidence ?? null,
          mit: f.mitigating ?? null,
          agg: f.aggravating ?? null,
          gain: f.illegalGain ?? null,
          basis: f.basisAmount ?? null,
          serious: f.seriousCircumstances ?? null,
          refused: f.refusedCorrection ?? null,
          confirmed: f.confirmedConditions,
          choice: f.officerChoice ?? null,
        };
      })(),
      admin,
    );
    expect(res.errors).toBeUndefined();
    const recorded = res.data!.createPenaltyCase.decision;
    expect(differences(s.expect, observed(recorded))).toEqual([]);
    // The same decision, field for field, as the check with the same facts.
    const checked = checks.get(name);
    expect(checked, 'the check ran first').toBeDefined();
    expect({ ...recorded, priorCases: recorded.priorCases.length }).toEqual({
      ...checked!,
      priorCases: checked!.priorCases.length,
    });
  });

  it('updating a baseline past the statute is refused, naming the tier; the stored one stays', async () => {
    const created = await must<{ createDiscretionBaseline: { id: string } }>(
      'mutation($o: ID!) { createDiscretionBaseline(offenceId: $o, effectiveFrom: "2030-01-01", tiers: [{ level: STANDARD, min: 3000, max: 7000, conditions: "一般情形" }]) { id } }',
      { o: offenceIds.get('T-BASE') },
    );
    const id = created.createDiscretionBaseline.id;
    const res = await t.gql(
      'mutation($id: ID!) { updateDiscretionBaseline(id: $id, tiers: [{ level: STANDARD, min: 3000, max: 12000, conditions: "一般情形" }]) { id } }',
      { id },
      admin,
    );
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.field).toBe('tiers[0].max');
    expect(res.errors?.[0].message).toContain('超出');
    const stored = await must<{ DiscretionBaseline: { tiers: { max: number }[] } }>(
      'query($id: ID!) { DiscretionBaseline(id: $id) { tiers { max } } }',
      { id },
    );
    expect(stored.DiscretionBaseline.tiers).toEqual([{ max: 7000 }]);
    await must('mutation($id: ID!) { deleteDiscretionBaseline(id: $id) { id } }', { id });
  });

  // Last, so that an accepted baseline (deleted again) never meets a scenario.
  it.each(baselineChecks.map((c) => [c.name, c] as const))('saving a baseline: %s', async (_name, c) => {
    const offenceId = offenceIds.get(c.offence);
    const saved = async () =>
      (
        await must<{ allDiscretionBaselines: { id: string; tiers: { level: string; max: number }[] }[] }>(
          'query($o: ID) { allDiscretionBaselines(perPage: 100, filter: { offenceId: $o }) { id tiers { level max } } }',
          { o: offenceId },
        )
      ).allDiscretionBaselines;
    const before = await saved();
    const res = await t.gql<{ createDiscretionBaseline: { id: string } }>(
      'mutation($o: ID!, $from: Date!, $to: Date, $tiers: [BaselineTierInput!]!) { createDiscretionBaseline(offenceId: $o, effectiveFrom: $from, effectiveTo: $to, source: "基准校验", tiers: $tiers) { id } }',
      {
        o: offenceId,
        from: c.baseline.effectiveFrom,
        to: c.baseline.effectiveTo ?? null,
        tiers: c.baseline.tiers,
      },
      admin,
    );
    const error = res.errors?.[0];
    if (error) expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(
      baselineVerdict(c, error ? { field: String(error.extensions?.field), message: error.message } : null),
    ).toEqual([]);
    if (error) {
      // Refused: nothing saved.
      expect(await saved()).toEqual(before);
      return;
    }
    expect((await saved()).length).toBe(before.length + 1);
    await must('mutation($id: ID!) { deleteDiscretionBaseline(id: $id) { id } }', {
      id: res.data!.createDiscretionBaseline.id,
    });
  });
});
