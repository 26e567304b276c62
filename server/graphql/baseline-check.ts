import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { assertBaselineWithinLaw, type BaselineTierRange } from '../domain/baseline';
import { InvalidInput } from '../domain/errors';
import type { Tier } from '../domain/enums';
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
 * A saved baseline checked against the statute as it stands now. Saving a baseline refuses one
 * that widens the statutory range (domain/baseline.ts), but the clause can change after it: an
 * amended or corrected OffenceVersion, or a baseline stored before the check existed. Such a
 * baseline is not refused retroactively (the statute change must be recordable, and the
 * baseline may need a new version first to be revised against); the rules never apply its tiers
 * beyond the statute (they are kept inside the statutory range, domain/offence.ts tierRanges),
 * and this field tells the manager which baselines to revise, and why.
 */
@Resolver(() => resource('DiscretionBaseline').types.object)
export class BaselineCheckResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      '行政处罚法 Art. 34: null while every tier lies within the statutory range of each clause version it grades; otherwise why not, in Chinese, as a save of the baseline would be refused (e.g. after the clause was amended)',
  })
  async outsideStatute(@Root() root: BaselineWire, @Ctx() ctx: Context): Promise<string | null> {
    const { rules } = await ctx.catalogue.current(ctx.em);
    const versions = rules.byOffence.get(Number(root.offenceId))?.versions ?? [];
    const tiers: BaselineTierRange[] = root.tiers.map((t) => ({
      ...t,
      min: Math.round(t.min * 100),
      max: Math.round(t.max * 100),
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
