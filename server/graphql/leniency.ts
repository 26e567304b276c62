import { isObjectType, type GraphQLSchema } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { assertCreditCode } from '../domain/creditCode';
import { Role } from '../domain/enums';
import { InvalidInput } from '../domain/errors';
import { buildFacts, decide } from '../domain/leniency';
import { toCents } from '../domain/money';
import { todayIso } from '../domain/dates';
import { caseVisibility } from './case-visibility';
import * as E from '../db/entities';
import { publishList } from '../services/publish';
import { writeTransaction } from '../db/transactions';
import type { CatalogueSnapshot } from '../services/catalogue';
import { searchOffences } from '../services/search';
import { requireRole, requireUser, type Context } from './context';
import { parseId, readableInMemory, toWire, wireProps } from './crud';
import { rowData } from '../db/sql';
import {
  LeniencyCheckInput,
  LeniencyDecision,
  OffenceMatch,
  decisionToWire,
  type DecisionWire,
} from './decision-types';
import { badInput, notFound } from './errors';
import { resource } from './resources';
import { DateScalar } from './scalars';

const { ADMIN, MANAGER, OFFICER, LAWYER } = Role;
const MAX_RESULTS = 50;

const CACHED = {
  Offence: 'offences',
  OffenceVersion: 'versions',
  LeniencyListSeries: 'series',
  LeniencyList: 'lists',
  LeniencyItem: 'items',
  LeniencyItemCondition: 'conditions',
} as const;

/**
 * Resolves a relation of a domain result: catalogue records (readable by every role) from the
 * catalogue cache, anything else through the same scoped, batched loaders as CRUD. Synchronous
 * when the cache is fresh: a pending promise per field costs graphql-js more than the lookup.
 */
function related(ctx: Context, name: string, id: string | null): unknown {
  if (!id) return null;
  const res = resource(name);
  const user = requireUser(ctx);
  if (name in CACHED) {
    const pick = (snapshot: CatalogueSnapshot) => {
      const entity = snapshot[CACHED[name as keyof typeof CACHED]].get(Number(id));
      return entity ? toWire(res, entity as never) : null;
    };
    const snapshot = ctx.catalogue.fresh();
    return snapshot ? pick(snapshot) : ctx.catalogue.current().then(pick);
  }
  const scope = res.access.read[user.role];
  if (!scope) return null;
  return ctx.loaders
    .one(res.entity as never, name, scope === 'all' ? null : scope(user), Number(id), wireProps(res))
    .then((entity) => (entity ? toWire(res, entity) : null));
}

/** Resolves several ids with `related`, dropping those the reader may not see. */
function relatedMany(ctx: Context, name: string, ids: readonly string[]): unknown[] | Promise<unknown[]> {
  const found = ids.map((id) => related(ctx, name, id));
  return found.some((f) => f instanceof Promise)
    ? Promise.all(found).then((all) => all.filter((x) => x !== null))
    : found.filter((x) => x !== null);
}

/**
 * checkLeniency itself, called by the schema with the input as coerced by graphql-js (or by
 * graphql-jit, for a compiled query): a plain object (`resolveDecisionsDirectly`).
 */
export async function checkLeniency(input: LeniencyCheckInput, ctx: Context): Promise<DecisionWire> {
  requireRole(ctx, [ADMIN, MANAGER, OFFICER]);
  // The enterprise, by id or credit code, is looked up with its earlier cases in one query.
  let enterprise: { id: number } | { creditCode: string };
  let enterpriseField: string;
  if (input.enterpriseId) {
    enterprise = { id: parseId(input.enterpriseId, 'input.enterpriseId') };
    enterpriseField = 'input.enterpriseId';
  } else if (input.creditCode) {
    const code = input.creditCode.trim();
    assertCreditCode(code, 'input.creditCode');
    enterprise = { creditCode: code };
    enterpriseField = 'input.creditCode';
  } else
    throw badInput('input.enterpriseId', '请填写企业或统一社会信用代码', 'give enterpriseId or creditCode');
  const offenceId = parseId(input.offenceId, 'input.offenceId');

  const money = (v: number | null | undefined, field: string) =>
    v === null || v === undefined ? null : toCents(v, `input.${field}`);
  let facts;
  try {
    facts = buildFacts(
      {
        ...input,
        illegalGain: money(input.illegalGain, 'illegalGain'),
        basisAmount: money(input.basisAmount, 'basisAmount'),
        confirmedConditions: (input.confirmedConditions ?? []).map((id, i) =>
          parseId(id, `input.confirmedConditions[${i}]`),
        ),
      },
      todayIso(),
    );
  } catch (e) {
    throw e instanceof InvalidInput && !e.field.startsWith('input.')
      ? new InvalidInput(`input.${e.field}`, e.zh, e.en)
      : e;
  }
  // Hot path (bench/leniency.ts): the catalogue from memory, one query for the enterprise and its priors.
  const found = await ctx.catalogue.ruleBook(
    ctx.em,
    offenceId,
    enterprise,
    facts.offenceDate,
    caseVisibility(requireUser(ctx)),
  );
  if (!found) throw notFound('Enterprise', input.enterpriseId ?? input.creditCode ?? '', enterpriseField);
  if (!found.book) throw notFound('Offence', input.offenceId, 'input.offenceId');
  return decisionToWire(decide(facts, found.book), found.priorRows);
}

/**
 * Query.checkLeniency and the relations of LeniencyDecision resolve by calling their functions
 * directly, not through type-graphql's handler. For each call that handler looks the resolver up
 * in its container and gathers the parameters, and it rebuilds an input argument as a class
 * instance, searching the metadata of every input type of the API once per field (2026-12-07,
 * bench/leniency.ts, runs alternating with the build before: checkLeniency / `{ __typename }`
 * 0.39–0.45 before, 0.45–0.54 after). type-graphql still builds the schema from the decorators of
 * LeniencyResolver, whose methods these are; a middleware or an @Authorized put on them there
 * would not run. Each checks its caller itself (requireRole, the readers' scopes), and the
 * argument guard and the login check wrap these resolvers as they wrap every root field (schema.ts).
 */
export function resolveDecisionsDirectly(schema: GraphQLSchema): GraphQLSchema {
  const check = schema.getQueryType()?.getFields().checkLeniency;
  const decision = schema.getType('LeniencyDecision');
  if (!check || !isObjectType(decision))
    throw new Error('Query.checkLeniency or the LeniencyDecision type is missing from the schema');
  check.resolve = (_root, args: { input: LeniencyCheckInput }, ctx: Context) =>
    checkLeniency(args.input, ctx);
  const relations = new LeniencyResolver();
  const fields = decision.getFields();
  for (const name of RELATIONS) {
    const method = relations[name].bind(relations);
    fields[name].resolve = (root: DecisionWire, _args, ctx: Context) => method(root, ctx);
  }
  return schema;
}

const RELATIONS = ['item', 'list', 'unconfirmed', 'candidates', 'offenceVersion', 'priorCases'] as const;

@Resolver(() => LeniencyDecision)
export class LeniencyResolver {
  @Query(() => LeniencyDecision, {
    description:
      'Does this offence, by this enterprise, in these circumstances, qualify for no or light penalty?',
  })
  checkLeniency(
    @Arg('input', () => LeniencyCheckInput) input: LeniencyCheckInput,
    @Ctx() ctx: Context,
  ): Promise<DecisionWire> {
    return checkLeniency(input, ctx);
  }

  @FieldResolver(() => resource('LeniencyItem').types.object, {
    nullable: true,
    description: 'The list item that applied, if any.',
  })
  item(@Root() d: DecisionWire, @Ctx() ctx: Context): unknown {
    return related(ctx, 'LeniencyItem', d.itemId);
  }

  @FieldResolver(() => resource('LeniencyList').types.object, {
    nullable: true,
    description: 'The list version in force on rulesAsOf.',
  })
  list(@Root() d: DecisionWire, @Ctx() ctx: Context): unknown {
    return related(ctx, 'LeniencyList', d.listId);
  }

  @FieldResolver(() => [resource('LeniencyItemCondition').types.object], {
    description: 'The 适用条件 still to confirm for a more favourable item ("why not").',
  })
  unconfirmed(@Root() d: DecisionWire, @Ctx() ctx: Context): unknown[] | Promise<unknown[]> {
    return relatedMany(ctx, 'LeniencyItemCondition', d.unconfirmedIds);
  }

  @FieldResolver(() => [resource('LeniencyItem').types.object], {
    description: 'Every item of every list series in force that lists the offence, applied or not.',
  })
  candidates(@Root() d: DecisionWire, @Ctx() ctx: Context): unknown[] | Promise<unknown[]> {
    return relatedMany(ctx, 'LeniencyItem', d.candidateIds);
  }

  @FieldResolver(() => resource('OffenceVersion').types.object, {
    nullable: true,
    description: 'The offence version whose penalty clause applied.',
  })
  offenceVersion(@Root() d: DecisionWire, @Ctx() ctx: Context): unknown {
    return related(ctx, 'OffenceVersion', d.offenceVersionId);
  }

  @FieldResolver(() => [resource('PenaltyCase').types.object], {
    description: 'Same enterprise, same offence, inside the look-back window (those the reader may see).',
  })
  priorCases(@Root() d: DecisionWire, @Ctx() ctx: Context): unknown[] | Promise<unknown[]> {
    // The check read these rows already: no second round trip where the read scope can be
    // decided in memory (p99 of the checks that have priors, bench/leniency.ts).
    if (d.priorRows?.length) {
      // The query reads the widest look-back window; the decision says which cases counted.
      const counted = new Set(d.priorCaseIds);
      const res = resource('PenaltyCase');
      const rows = d.priorRows
        .filter((row) => counted.has(String(row.id)))
        .map((row) => rowData(ctx.em, E.PenaltyCase, row, wireProps(res)));
      const readable = readableInMemory(res, ctx.user, rows as never);
      if (readable) return readable;
    }
    return relatedMany(ctx, 'PenaltyCase', d.priorCaseIds);
  }

  @Mutation(() => resource('LeniencyList').types.object, {
    description:
      'Publishes a draft list version. By default the open-ended earlier version of the same series ends the day before this one takes effect; other series are never touched, and no version is cut back before its own start. supersedePrevious: false ends nothing and refuses any overlap.',
  })
  async publishLeniencyList(
    @Arg('id', () => ID) id: string,
    @Arg('supersedePrevious', () => Boolean, { nullable: true, defaultValue: true })
    supersedePrevious: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<unknown> {
    const user = requireRole(ctx, [ADMIN, MANAGER]);
    const published = writeTransaction(ctx.em, async (em) => {
      const list = await em.findOne(E.LeniencyList, parseId(id));
      if (!list) throw notFound('LeniencyList', id);
      await publishList(em, user, list, supersedePrevious !== false);
      return toWire(resource('LeniencyList'), list as never);
    });
    // Forgotten also after a failure: a read inside the transaction may have seen its own writes.
    return published.finally(() => ctx.catalogue.invalidate());
  }
}

@Resolver(() => OffenceMatch)
export class OffenceSearchResolver {
  @Query(() => [OffenceMatch], {
    description: 'Offences and list items matching Chinese or English text, best first, in force on asOf.',
  })
  async searchOffences(
    @Arg('text', () => String) text: string,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf: string | null,
    @Arg('departmentId', () => ID, { nullable: true }) departmentId: string | null,
    @Arg('limit', () => Int, { nullable: true }) limit: number | null,
    @Ctx() ctx: Context,
  ): Promise<unknown[]> {
    requireRole(ctx, [ADMIN, MANAGER, OFFICER, LAWYER]);
    const trimmed = text.trim();
    if (!trimmed) throw badInput('text', '请输入要查找的违法行为', 'must not be empty');
    if ([...trimmed].length > 100)
      throw badInput('text', '不能超过100个字符', 'must be at most 100 characters');
    const max = limit ?? 10;
    if (max < 1 || max > MAX_RESULTS)
      throw badInput('limit', `应在1到${MAX_RESULTS}之间`, `must be between 1 and ${MAX_RESULTS}`);
    const hits = await searchOffences(ctx.em, {
      text: trimmed,
      asOf: asOf ?? todayIso(),
      departmentId: departmentId ? parseId(departmentId, 'departmentId') : null,
      limit: max,
      postgres: ctx.dialect === 'postgresql',
    });
    return hits.map((h) => ({
      offenceId: String(h.offence.id),
      score: h.score,
      itemIds: h.items.map((i) => String(i.id)),
      listId: h.list ? String(h.list.id) : null,
      matchedIn: h.matchedIn,
    }));
  }

  @FieldResolver(() => resource('Offence').types.object)
  offence(@Root() m: OffenceMatch, @Ctx() ctx: Context): unknown {
    return related(ctx, 'Offence', m.offenceId);
  }

  @FieldResolver(() => [resource('LeniencyItem').types.object], {
    description: 'Its items in the list version in force on asOf.',
  })
  items(@Root() m: OffenceMatch, @Ctx() ctx: Context): unknown[] | Promise<unknown[]> {
    return relatedMany(ctx, 'LeniencyItem', m.itemIds);
  }

  @FieldResolver(() => resource('LeniencyList').types.object, { nullable: true })
  list(@Root() m: OffenceMatch, @Ctx() ctx: Context): unknown {
    return related(ctx, 'LeniencyList', m.listId);
  }
}
