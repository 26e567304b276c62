import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { assertBaselineWithinLaw, type BaselineTierRange } from '../domain/baseline';
import { InvalidInput } from '../domain/errors';
import type { Tier } from '../domain/enums';
import { toCents } from '../domain/money';
import type { Context } from './context';
import { resource } from './resources';

/** A DiscretionBaseline as the API sends it: amounts in yuan (or multiples), not fen. */
type BaselineWire = Record<string, unknown> & {
  offenceId: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  tiers: { level: Tier; min: number; max: number; conditions: string }[];
};

/**
 * A saved baseline checked again, against the clause as it stands now: what a save of it would
 * be refused for (domain/baseline.ts: a tier outside the statutory range of a version it grades,
 * 行政处罚法 Art. 34; 减轻 not below the minimum; tiers out of order…). The clause can change
 * after the baseline was saved (an amended or corrected OffenceVersion), and a baseline may
 * predate the check. The change to the clause is not refused for it: the statute must be
 * recordable, and refusing would deadlock a correction in place (the baseline revised to the new
 * range fails against the old one still stored). The rules never apply a tier beyond the statute
 * (tierRanges keeps it inside the range, domain/offence.ts); this field tells the manager which
 * baselines to revise, and why.
 */
@Resolver(() => resource('DiscretionBaseline').types.object)
export class BaselineCheckResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Why this baseline must be revised: what a save of it would now be refused for, in Chinese (a tier outside the statutory range of a clause version it grades, 行政处罚法 Art. 34; 减轻 not below the statutory minimum; tiers out of order), e.g. after the clause was amended or corrected. Null when a save would be accepted.',
  })
  async revisionNeeded(@Root() root: BaselineWire, @Ctx() ctx: Context): Promise<string | null> {
    const { rules } = await ctx.catalogue.current(ctx.em);
    const versions = rules.byOffence.get(Number(root.offenceId))?.versions ?? [];
    const tiers: BaselineTierRange[] = root.tiers.map((t, i) => ({
      ...t,
      min: toCents(t.min, `tiers[${i}].min`),
      max: toCents(t.max, `tiers[${i}].max`),
    }));
    try {
      assertBaselineWithinLaw(
        { effectiveFrom: root.effectiveFrom, effectiveTo: root.effectiveTo ?? null, tiers },
        versions,
      );
      return null;
    } catch (e) {
      if (e instanceof InvalidInput) return e.zh;
      throw e;
    }
  }
}
