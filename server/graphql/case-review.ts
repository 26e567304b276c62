import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import * as E from '../db/entities';
import { writeTransaction } from '../db/transactions';
import { reviewCase } from '../services/cases';
import { findReachable } from './access';
import { requireUser, type Context } from './context';
import { parseId, toWire } from './crud';
import { badInput, staleVersion } from './errors';
import { resource } from './resources';

/** 法制审核 of cases (行政处罚法 Art. 58; domain/case-review.ts) as mutations; each step is audited. */
@Resolver(() => resource('PenaltyCase').types.object)
export class CaseReviewResolver {
  private async step(
    ctx: Context,
    action: 'SUBMIT' | 'APPROVE' | 'RETURN',
    id: string,
    version: number | null,
    note: string | null,
  ): Promise<unknown> {
    const user = requireUser(ctx);
    const f = resource('PenaltyCase').fields.reviewNote;
    const max = f.kind === 'string' ? f.max : 4000;
    if (note && [...note].length > max)
      throw badInput('note', `长度不能超过${max}个字符`, `must be at most ${max} characters long`);
    const caseId = parseId(id);
    return writeTransaction(ctx.em, async (em) => {
      // The officer submits a case they may write; a reviewer reviews a case they may read.
      const c = await findReachable<E.PenaltyCase>(
        em,
        'PenaltyCase',
        user,
        caseId,
        action === 'SUBMIT' ? 'update' : 'read',
      );
      if (version !== null && version !== undefined && version !== c.version) throw staleVersion('version');
      await reviewCase(em, user, c, action, note);
      return toWire(resource('PenaltyCase'), c as never);
    });
  }

  @Mutation(() => resource('PenaltyCase').types.object, {
    description: 'The officer submits a decided (or returned) case for 法制审核.',
  })
  submitCaseForReview(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Ctx() ctx: Context,
  ): Promise<unknown> {
    return this.step(ctx, 'SUBMIT', id, version, null);
  }

  @Mutation(() => resource('PenaltyCase').types.object, {
    description:
      'A legal reviewer (REVIEWER of the department, or an administrator) approves a case in review: it is DECIDED.',
  })
  approveCase(
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Ctx() ctx: Context,
  ): Promise<unknown> {
    return this.step(ctx, 'APPROVE', id, version, note);
  }

  @Mutation(() => resource('PenaltyCase').types.object, {
    description: 'A legal reviewer returns a case in review to its officer, saying why: it is RETURNED.',
  })
  returnCase(
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String) note: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Ctx() ctx: Context,
  ): Promise<unknown> {
    return this.step(ctx, 'RETURN', id, version, note);
  }
}
