import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { BaselineTierRange } from '../../server/domain/baseline';
import {
  ConditionMatch,
  FineUnit,
  Harm,
  LeniencyKind,
  ListStatus,
  LookbackKind,
  type AggravatingFactor,
  type RuleStatus,
  type MitigatingFactor,
  type Tier,
} from '../../server/domain/enums';
import type {
  BaselineRule,
  ItemRule,
  ListVersion,
  OffenceRule,
  OffenceVersionRule,
} from '../../server/domain/leniency';
import { firstVersion, versionFromText, type VersionText } from '../../server/domain/offence-versions';

// Reads tests/legal/rules.yaml and the *.scenarios.yaml files (see README.md beside them).

const DIR = path.resolve(__dirname);
const read = <T>(file: string) => YAML.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as T;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
const cents = (yuan: number) => Math.round(yuan * 100);

/** A version as rules.yaml writes it (yuan, plain multiples), read as the seed reads its own. */
export type VersionSpec = VersionText;

export interface RulesFile {
  offences: ({
    code: string;
    title: string;
    /** Shorthand for one version in force since 1900: a fixed range in yuan, or multiples of illegal gain. */
    fineMin?: number;
    fineMax?: number;
    unit?: FineUnit;
    lifeHealthFinance?: boolean;
    versions?: VersionSpec[];
  } & VersionSpec)[];
  lists: {
    /** The series (issuer and field); versions supersede each other only within it. */
    series?: string;
    version: string;
    effectiveFrom: string;
    effectiveTo?: string;
    status: ListStatus;
    items: {
      number: number;
      offence: string;
      kind: LeniencyKind;
      lookbackKind?: LookbackKind;
      lookbackMonths?: number;
      maxHarm: Harm;
      requiresCorrection: boolean;
      measures?: string[];
      /** 适用条件, one fact each, confirmed in a scenario as "<version> #<item> (<n>)". */
      conditions?: string[];
      conditionMatch?: ConditionMatch;
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
    basisAmount?: number;
    seriousCircumstances?: boolean;
    refusedCorrection?: boolean;
    officerChoice?: Tier;
    /** Conditions the officer confirms: "<list version> #<item number> (<condition number>)". */
    confirmed?: string[];
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
  /** The state of these rules in the trace (the first row of each): MET 符合, NOT_MET 不符合, NOT_APPLICABLE 不适用. */
  states?: Record<string, RuleStatus>;
  noReasons?: string[];
  /** Every range the officer may choose from, exactly: [tier, min, max] in yuan. */
  ranges?: [Tier, number, number][];
  /** These penalties are among the decision's penalties (没收违法所得, 警告, 罚款…). */
  penalties?: string[];
  /** These penalties are not. */
  noPenalties?: string[];
  /** Exactly these conditions are left to confirm: "<list version> #<item> (<n>)". */
  unconfirmed?: string[];
  /** Exactly these items were considered: "<list version> #<item>". */
  candidates?: string[];
  /** How many advisories; and words that must appear in one / in none. */
  advisories?: number;
  advisoryIncludes?: string[];
  advisoryExcludes?: string[];
  /** Words the summary (the paragraph pasted into a decision) must contain / must not contain. */
  summaryIncludes?: string[];
  summaryExcludes?: string[];
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
  reasons: { rule: string; passed: boolean; status: RuleStatus }[];
  ranges: { tier: Tier; min: number; max: number }[];
  penalties: string[];
  unconfirmed: string[];
  candidates: string[];
  advisories: string[];
  summary: string;
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

/** A baseline a manager saves, and whether the law lets it stand (baselines.checks.yaml). */
export interface BaselineCheck {
  name: string;
  citation: string;
  offence: string;
  baseline: {
    effectiveFrom: string;
    effectiveTo?: string;
    /** Yuan, or multiples where the clause sets multiples. */
    tiers: { level: Tier; min: number; max: number; conditions: string }[];
  };
  expect: 'accepted' | { refused: string; says: string[] };
}

export function loadBaselineChecks(): BaselineCheck[] {
  return normalizeDates(read<BaselineCheck[]>('baselines.checks.yaml'));
}

/** How a check's refusal compares with what was expected: a list of differences, empty when it matches. */
export function baselineVerdict(
  check: BaselineCheck,
  refusal: { field: string; message: string } | null,
): string[] {
  if (check.expect === 'accepted')
    return refusal ? [`refused (${refusal.field}: ${refusal.message}), expected accepted`] : [];
  if (!refusal) return ['accepted, expected refused'];
  const out: string[] = [];
  if (refusal.field !== check.expect.refused)
    out.push(`field ${refusal.field}, expected ${check.expect.refused}`);
  for (const words of check.expect.says)
    if (!refusal.message.includes(words)) out.push(`message lacks "${words}": ${refusal.message}`);
  return out;
}

const opt = (yuan: number | null | undefined) => (yuan === null || yuan === undefined ? null : cents(yuan));

/** One offence version from rules.yaml (amounts in yuan, multiples as plain numbers). */
function versionRule(
  id: number,
  v: VersionSpec,
  shorthand: { code: string; fineMin?: number; fineMax?: number; unit?: FineUnit },
): OffenceVersionRule {
  return { id, ...versionFromText(v, shorthandVersion(shorthand), shorthand.code) };
}

/** Version 1 as an offence's top-level fields describe it (a fixed range, or multiples of gain). */
export function shorthandVersion(o: { fineMin?: number; fineMax?: number; unit?: FineUnit }) {
  return firstVersion(opt(o.fineMin), opt(o.fineMax), o.unit ?? FineUnit.YUAN, null);
}

/** The offence's versions: its `versions`, or the one its top-level fields describe. */
export function versionSpecs(o: RulesFile['offences'][number]): VersionSpec[] {
  const { code: _c, title: _t, versions, lifeHealthFinance: _l, unit: _u, ...top } = o;
  return versions ?? [top];
}

export const itemKey = (version: string, number: number) => `${version} #${number}`;

/** The rules of rules.yaml as the domain module takes them (ids are positions). */
export function domainRules(rules: RulesFile) {
  let versionId = 0;
  const offences = new Map<string, OffenceRule & { versions: OffenceVersionRule[] }>(
    rules.offences.map((o, i) => [
      o.code,
      {
        id: i + 1,
        code: o.code,
        title: o.title,
        violatedProvision: '测试违法依据',
        penaltyProvision: '测试处罚依据',
        lifeHealthFinance: o.lifeHealthFinance ?? false,
        versions: versionSpecs(o).map((v) => versionRule(++versionId, v, o)),
      },
    ]),
  );
  const series = [...new Set(rules.lists.map((l) => l.series ?? '本市清单'))];
  const lists: ListVersion[] = rules.lists.map((l, i) => ({
    id: i + 1,
    seriesId: series.indexOf(l.series ?? '本市清单') + 1,
    seriesName: l.series ?? '本市清单',
    version: l.version,
    title: `测试清单${l.version}`,
    effectiveFrom: l.effectiveFrom,
    effectiveTo: l.effectiveTo ?? null,
    status: l.status,
  }));
  let itemId = 0;
  let conditionId = 0;
  /** "<version> #<item> (<n>)" → condition id. */
  const conditionIds = new Map<string, number>();
  const items: (ItemRule & { offenceCode: string })[] = rules.lists.flatMap((l, i) =>
    l.items.map((it) => {
      const id = ++itemId;
      const conditionList = (it.conditions ?? []).map((text, n) => {
        conditionIds.set(`${itemKey(l.version, it.number)} (${n + 1})`, ++conditionId);
        return { id: conditionId, number: n + 1, text };
      });
      return {
        id,
        listId: i + 1,
        number: it.number,
        kind: it.kind,
        conditions: it.conditions?.join('；') ?? `${it.kind}测试条件`,
        conditionList,
        conditionMatch: it.conditionMatch ?? ConditionMatch.ALL,
        lookbackKind: it.lookbackKind ?? LookbackKind.MONTHS,
        lookbackMonths: it.lookbackMonths ?? null,
        maxHarm: it.maxHarm,
        requiresCorrection: it.requiresCorrection,
        measures: it.measures ?? [],
        offenceCode: it.offence,
      };
    }),
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
  return { offences, lists, items, baselines, conditionIds };
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
  for (const [rule, status] of Object.entries(expect.states ?? {})) {
    const r = seen.reasons.find((x) => x.rule === rule);
    if (!r) out.push(`states: expected ${rule} to be listed`);
    else check(`states.${rule}`, status, r.status);
  }
  for (const rule of expect.noReasons ?? [])
    if (seen.reasons.some((x) => x.rule === rule)) out.push(`reasons: expected no ${rule}`);
  if (expect.ranges !== undefined)
    check(
      'ranges',
      expect.ranges.map(([tier, min, max]) => ({ tier, min, max })),
      seen.ranges.map(({ tier, min, max }) => ({ tier, min, max })),
    );
  for (const p of expect.penalties ?? [])
    if (!seen.penalties.some((x) => x.includes(p)))
      out.push(`penalties: expected one with ${p}, got ${JSON.stringify(seen.penalties)}`);
  for (const p of expect.noPenalties ?? [])
    if (seen.penalties.some((x) => x.includes(p)))
      out.push(`penalties: expected none with ${p}, got ${JSON.stringify(seen.penalties)}`);
  if (expect.unconfirmed !== undefined)
    check('unconfirmed', [...expect.unconfirmed].sort(), [...seen.unconfirmed].sort());
  if (expect.candidates !== undefined)
    check('candidates', [...expect.candidates].sort(), [...seen.candidates].sort());
  if (expect.advisories !== undefined) check('advisories', expect.advisories, seen.advisories.length);
  for (const w of expect.advisoryIncludes ?? [])
    if (!seen.advisories.some((a) => a.includes(w)))
      out.push(`advisories: expected one with ${w}, got ${JSON.stringify(seen.advisories)}`);
  for (const w of expect.advisoryExcludes ?? [])
    if (seen.advisories.some((a) => a.includes(w)))
      out.push(`advisories: expected none with ${w}, got ${JSON.stringify(seen.advisories)}`);
  for (const w of expect.summaryIncludes ?? [])
    if (!seen.summary.includes(w)) out.push(`summary: expected ${w} in ${seen.summary}`);
  for (const w of expect.summaryExcludes ?? [])
    if (seen.summary.includes(w)) out.push(`summary: expected no ${w} in ${seen.summary}`);
  // Every decision explains itself: each reason has a citation, and the summary is Chinese prose.
  return out;
}
