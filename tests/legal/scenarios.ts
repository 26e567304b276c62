import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { BaselineTierRange } from '../../server/domain/baseline';
import {
  FineUnit,
  Harm,
  LeniencyKind,
  ListStatus,
  type AggravatingFactor,
  type MitigatingFactor,
  type Tier,
} from '../../server/domain/enums';
import type { BaselineRule, ItemRule, ListVersion, OffenceRule } from '../../server/domain/leniency';

// Reads tests/legal/rules.yaml and the *.scenarios.yaml files (see README.md beside them).

const DIR = path.resolve(__dirname);
const read = <T>(file: string) => YAML.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as T;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
const cents = (yuan: number) => Math.round(yuan * 100);

export interface RulesFile {
  offences: {
    code: string;
    title: string;
    fineMin: number;
    fineMax: number;
    unit?: FineUnit;
    lifeHealthFinance?: boolean;
  }[];
  lists: {
    version: string;
    effectiveFrom: string;
    effectiveTo?: string;
    status: ListStatus;
    items: {
      number: number;
      offence: string;
      kind: LeniencyKind;
      lookbackMonths?: number;
      maxHarm: Harm;
      requiresCorrection: boolean;
      measures?: string[];
    }[];
  }[];
  baselines: {
    offence: string;
    effectiveFrom: string;
    effectiveTo?: string;
    source: string;
    tiers: { level: Tier; min: number; max: number; conditions: string }[];
  }[];
}

export interface Scenario {
  file: string;
  name: string;
  citation: string;
  offence: string;
  priors: { offenceDate: string; offence?: string; enterprise?: 'other'; harm?: Harm; corrected?: boolean }[];
  facts: {
    offenceDate: string;
    offenceEndDate?: string;
    discoveredDate?: string;
    decisionDate: string;
    harm: Harm;
    corrected: boolean;
    noFaultEvidence?: boolean;
    mitigating?: MitigatingFactor[];
    aggravating?: AggravatingFactor[];
    illegalGain?: number;
  };
  expect: Expectation;
}

export interface Expectation {
  outcome?: Tier;
  mandatory?: boolean;
  grounds?: string[];
  item?: string | null;
  rulesAsOf?: string;
  fineRange?: [number, number] | { min: number; max: number; unit: FineUnit } | null;
  referenceFine?: number | null;
  firstOffence?: boolean;
  priorCases?: number;
  measures?: string[];
  reasons?: Record<string, boolean>;
  noReasons?: string[];
}

/** What a decision says, in the terms a scenario checks, whichever way it was obtained. */
export interface Observed {
  outcome: Tier;
  mandatory: boolean;
  grounds: string[];
  item: string | null;
  rulesAsOf: string;
  fineRange: { min: number; max: number; unit: FineUnit } | null;
  referenceFine: number | null;
  firstOffence: boolean;
  priorCases: number;
  measures: string[];
  reasons: { rule: string; passed: boolean }[];
}

function normalizeDates<T>(value: T): T {
  if (value instanceof Date) return iso(value) as T;
  if (Array.isArray(value)) return value.map(normalizeDates) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeDates(v)])) as T;
  return value;
}

export function loadRules(): RulesFile {
  return normalizeDates(read<RulesFile>('rules.yaml'));
}

export function loadScenarios(): Scenario[] {
  return fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.scenarios.yaml'))
    .sort()
    .flatMap((file) =>
      normalizeDates(read<Omit<Scenario, 'file'>[]>(file)).map((s) => ({
        ...s,
        file,
        priors: s.priors ?? [],
        expect: s.expect ?? {},
      })),
    );
}

/** The rules of rules.yaml as the domain module takes them (ids are positions). */
export function domainRules(rules: RulesFile) {
  const offences = new Map<string, OffenceRule>(
    rules.offences.map((o, i) => [
      o.code,
      {
        id: i + 1,
        code: o.code,
        title: o.title,
        violatedProvision: '测试违法依据',
        penaltyProvision: '测试处罚依据',
        fineMin: cents(o.fineMin),
        fineMax: cents(o.fineMax),
        fineUnit: o.unit ?? FineUnit.YUAN,
        lifeHealthFinance: o.lifeHealthFinance ?? false,
      },
    ]),
  );
  const lists: ListVersion[] = rules.lists.map((l, i) => ({
    id: i + 1,
    version: l.version,
    title: `测试清单${l.version}`,
    effectiveFrom: l.effectiveFrom,
    effectiveTo: l.effectiveTo ?? null,
    status: l.status,
  }));
  let itemId = 0;
  const items: (ItemRule & { offenceCode: string })[] = rules.lists.flatMap((l, i) =>
    l.items.map((it) => ({
      id: ++itemId,
      listId: i + 1,
      number: it.number,
      kind: it.kind,
      conditions: `${it.kind}测试条件`,
      lookbackMonths: it.lookbackMonths ?? null,
      maxHarm: it.maxHarm,
      requiresCorrection: it.requiresCorrection,
      measures: it.measures ?? [],
      offenceCode: it.offence,
    })),
  );
  const baselines: (BaselineRule & { offenceCode: string })[] = rules.baselines.map((b, i) => ({
    id: i + 1,
    effectiveFrom: b.effectiveFrom,
    effectiveTo: b.effectiveTo ?? null,
    source: b.source,
    tiers: b.tiers.map((t): BaselineTierRange => ({
      level: t.level,
      min: cents(t.min),
      max: cents(t.max),
      conditions: t.conditions,
    })),
    offenceCode: b.offence,
  }));
  return { offences, lists, items, baselines };
}

/** Compares what was observed with what the scenario expects; returns the differences. */
export function differences(expect: Expectation, seen: Observed): string[] {
  const out: string[] = [];
  const check = (what: string, want: unknown, got: unknown) => {
    if (JSON.stringify(want) !== JSON.stringify(got))
      out.push(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  };
  if (expect.outcome !== undefined) check('outcome', expect.outcome, seen.outcome);
  if (expect.mandatory !== undefined) check('mandatory', expect.mandatory, seen.mandatory);
  if (expect.grounds !== undefined) check('grounds', [...expect.grounds].sort(), [...seen.grounds].sort());
  if (expect.item !== undefined) check('item', expect.item, seen.item);
  if (expect.rulesAsOf !== undefined) check('rulesAsOf', expect.rulesAsOf, seen.rulesAsOf);
  if (expect.fineRange !== undefined) {
    const want = Array.isArray(expect.fineRange)
      ? { min: expect.fineRange[0], max: expect.fineRange[1], unit: FineUnit.YUAN }
      : expect.fineRange;
    check('fineRange', want, seen.fineRange);
  }
  if (expect.referenceFine !== undefined) check('referenceFine', expect.referenceFine, seen.referenceFine);
  if (expect.firstOffence !== undefined) check('firstOffence', expect.firstOffence, seen.firstOffence);
  if (expect.priorCases !== undefined) check('priorCases', expect.priorCases, seen.priorCases);
  for (const m of expect.measures ?? [])
    if (!seen.measures.includes(m))
      out.push(`measures: expected to include ${m}, got ${JSON.stringify(seen.measures)}`);
  for (const [rule, passed] of Object.entries(expect.reasons ?? {})) {
    const r = seen.reasons.find((x) => x.rule === rule);
    if (!r) out.push(`reasons: expected ${rule} to be listed`);
    else check(`reasons.${rule}.passed`, passed, r.passed);
  }
  for (const rule of expect.noReasons ?? [])
    if (seen.reasons.some((x) => x.rule === rule)) out.push(`reasons: expected no ${rule}`);
  // Every decision explains itself: each reason has a citation, and the summary is Chinese prose.
  return out;
}
