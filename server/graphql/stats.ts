import {
  Arg,
  Ctx,
  Field,
  Float,
  ID,
  InputType,
  Info,
  Int,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from 'type-graphql';
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { LeniencyKind, Role, Tier } from '../domain/enums';
import { fromCents } from '../domain/money';
import { todayIso } from '../domain/dates';
import { StatsDimension, leniencyStats, type StatsRow as Row } from '../services/stats';
import { requireRole, type Context } from './context';
import { parseId } from './crud';
import { forbidden } from './errors';
import { DateScalar } from './scalars';

registerEnumType(StatsDimension, {
  name: 'StatsDimension',
  description: 'What leniencyStats groups by (up to three at once).',
});

@InputType({ description: 'Which decided cases to count: decision date range and dimensions.' })
class StatsFilter {
  @Field(() => DateScalar, { nullable: true, description: 'Decision date from (inclusive).' })
  from?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Decision date to (inclusive).' })
  to?: string | null;
  @Field(() => ID, { nullable: true })
  departmentId?: string | null;
  @Field(() => ID, { nullable: true })
  districtId?: string | null;
  @Field(() => LeniencyKind, { nullable: true })
  kind?: LeniencyKind | null;
  @Field(() => Tier, { nullable: true })
  outcome?: Tier | null;
  @Field(() => ID, { nullable: true })
  offenceId?: string | null;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'Lenient cases whose enterprise offended again (any offence, the same offence) within 12 and 24 months of the decision; only cases whose window has passed are counted.',
})
class Reoffence {
  @Field(() => Int, { description: 'Lenient cases decided at least 12 months before asOf.' })
  lenient12!: number;
  @Field(() => Int, { description: 'Of those, the ones whose enterprise offended again within 12 months.' })
  reoffended12!: number;
  @Field(() => Int, {
    description: 'Of those, the ones whose enterprise repeated the same offence within 12 months.',
  })
  sameOffence12!: number;
  @Field(() => Int)
  lenient24!: number;
  @Field(() => Int)
  reoffended24!: number;
  @Field(() => Int)
  sameOffence24!: number;
}

@ObjectType({
  simpleResolvers: true,
  description: 'Totals for one group (or all): decided cases, lenient ones, fines and relief in yuan.',
})
class StatsRow {
  @Field(() => [String], { description: 'Ids or codes of the group, one per dimension (month as 2024-07).' })
  keys!: string[];
  @Field(() => [String], { description: 'Human names of the keys.' })
  labels!: string[];
  @Field(() => Int)
  cases!: number;
  @Field(() => Int, { description: 'Decided NONE, MITIGATED or LIGHTER under a list item.' })
  lenientCases!: number;
  @Field(() => Float)
  fines!: number;
  @Field(() => Float, { description: '减免金额: reference fine minus fine imposed.' })
  relief!: number;
  @Field(() => Int, { description: 'Distinct enterprises.' })
  enterprises!: number;
  @Field(() => Reoffence, { description: 'Re-offences after leniency (counted only when asked for).' })
  reoffence!: Reoffence;
}

@ObjectType({ simpleResolvers: true })
class LeniencyStats {
  @Field(() => StatsRow)
  totals!: StatsRow;
  @Field(() => [StatsRow])
  groups!: StatsRow[];
}

/** Whether the query asks for `name` anywhere below this field (fragments included). */
function asks(info: GraphQLResolveInfo, name: string): boolean {
  const seen = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === name || seen(s.selectionSet);
      if (s.kind === Kind.INLINE_FRAGMENT) return seen(s.selectionSet);
      return seen(info.fragments[s.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((n) => seen(n.selectionSet));
}

const wire = (r: Row): StatsRow => ({ ...r, fines: fromCents(r.fines), relief: fromCents(r.relief) });

@Resolver()
export class StatsResolver {
  @Query(() => LeniencyStats, { description: 'Totals for managers (officers: their own department).' })
  async leniencyStats(
    @Arg('filter', () => StatsFilter, { nullable: true }) filter: StatsFilter | null,
    @Arg('groupBy', () => [StatsDimension], { nullable: true }) groupBy: StatsDimension[] | null,
    @Ctx() ctx: Context,
    @Arg('asOf', () => DateScalar, {
      nullable: true,
      description: 'The date re-offences are counted to (default today).',
    })
    asOf: string | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<LeniencyStats> {
    const user = requireRole(ctx, [Role.ADMIN, Role.MANAGER, Role.OFFICER, Role.REVIEWER]);
    const f = filter ?? {};
    let departmentId = f.departmentId ? parseId(f.departmentId, 'filter.departmentId') : null;
    // Officers and legal reviewers see their own department's figures.
    if (user.role === Role.OFFICER || user.role === Role.REVIEWER) {
      if (departmentId && departmentId !== user.departmentId)
        throw forbidden(
          '执法人员和法制审核人员只能查看本部门的统计',
          "officers and reviewers see their own department's figures only",
        );
      departmentId = user.departmentId ?? -1;
    }
    const result = await leniencyStats(
      ctx.em,
      ctx.dialect,
      {
        from: f.from,
        to: f.to,
        departmentId,
        districtId: f.districtId ? parseId(f.districtId, 'filter.districtId') : null,
        offenceId: f.offenceId ? parseId(f.offenceId, 'filter.offenceId') : null,
        kind: f.kind,
        outcome: f.outcome,
      },
      groupBy ?? [],
      asks(info, 'enterprises'),
      asks(info, 'reoffence') ? (asOf ?? todayIso()) : null,
    );
    return { totals: wire(result.totals), groups: result.groups.map(wire) };
  }
}
