import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { LeniencyKind, Role } from '../domain/enums';
import { reportNumber, transition, type ReportAction } from '../domain/report';
import * as E from '../db/entities';
import { writeTransaction } from '../db/transactions';
import { audit } from '../services/audit';
import { contentHash, leniencyHint, qualification } from '../services/reports';
import { requireUser, type Context } from './context';
import { parseId, toWire } from './crud';
import { badInput, forbidden, notFound, staleVersion } from './errors';
import { resource } from './resources';

@ObjectType({
  simpleResolvers: true,
  description:
    'What the list in force says about a finding’s offence: what the enterprise can still correct.',
})
class LeniencyHint {
  @Field(() => LeniencyKind)
  kind!: LeniencyKind;
  @Field(() => ID)
  itemId!: string;
  @Field(() => String)
  listVersion!: string;
  @Field(() => Int, { description: '序号 of the item in that version' })
  number!: number;
  @Field(() => String, { description: 'The hint in Chinese, for the report and the enterprise.' })
  text!: string;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'Whether the enterprise would qualify today for the leniency of the finding’s offence, from its own cases, and what it must do to keep it.',
})
class FindingQualification {
  @Field(() => Boolean)
  qualifies!: boolean;
  @Field(() => Boolean, { nullable: true, description: 'First-offence status from its own cases.' })
  firstOffence!: boolean | null;
  @Field(() => Int, { description: 'Its decided cases of the same offence within the look-back window.' })
  priorCases!: number;
  @Field(() => String, { nullable: true, description: 'From when it qualifies again.' })
  qualifiesAgainOn!: string | null;
  @Field(() => String, { description: 'In Chinese, for the report and the enterprise.' })
  text!: string;
}

type Wire = Record<string, unknown> & { id: string };

/** The review workflow (domain/report.ts) as mutations; each step is timestamped and audited. */
/** A review comment is stored as `CheckupReport.reviewComment`, whose limit it shares. */
function checkCommentLength(comment: string | null): void {
  const f = resource('CheckupReport').fields.reviewComment;
  const max = f.kind === 'string' ? f.max : 4000;
  if (comment && [...comment].length > max)
    throw badInput('comment', `长度不能超过${max}个字符`, `must be at most ${max} characters long`);
}

@Resolver(() => resource('CheckupReport').types.object)
export class ReportResolver {
  private async step(
    ctx: Context,
    action: ReportAction,
    id: string,
    version: number | null,
    comment: string | null,
  ): Promise<unknown> {
    const user = requireUser(ctx);
    checkCommentLength(comment);
    return writeTransaction(ctx.em, async (em) => {
      const report = await em.findOne(E.CheckupReport, parseId(id));
      if (!report || (user.role === Role.LAWYER && report.lawyer.id !== user.id)) {
        if (report) throw forbidden('这不是您承办的报告', 'this is not your report');
        throw notFound('CheckupReport', id);
      }
      if (version !== null && version !== undefined && version !== report.version)
        throw staleVersion('version');
      const findings = await em.count(E.ReportFinding, { report: report.id });
      const from = report.status;
      const to = transition(
        action,
        { status: from, lawyerId: report.lawyer.id, findings, summary: report.summary },
        user,
        comment,
      );
      const now = new Date();
      report.status = to;
      if (action === 'SUBMIT') report.submittedAt = now;
      if (action === 'RETURN' || action === 'ACCEPT') {
        report.reviewer = em.getReference(E.User, user.id, { wrapped: true });
        report.reviewedAt = now;
        report.reviewComment = comment?.trim() || null;
      }
      if (action === 'DELIVER') report.deliveredAt = now;
      audit(em, user, action.toLowerCase(), 'CheckupReport', report.id, {
        status: [from, to],
        comment: comment ?? null,
      });
      await em.flush();
      return toWire(resource('CheckupReport'), report as never);
    });
  }

  @Mutation(() => resource('CheckupReport').types.object, {
    description: 'The lawyer submits a draft (or returned) report for review.',
  })
  submitReport(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Ctx() ctx: Context,
  ): Promise<unknown> {
    return this.step(ctx, 'SUBMIT', id, version, null);
  }

  @Mutation(() => resource('CheckupReport').types.object, {
    description: 'A manager returns a submitted report with what to change.',
  })
  returnReport(
    @Arg('id', () => ID) id: string,
    @Arg('comment', () => String) comment: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Ctx() ctx: Context,
  ): Promise<unknown> {
    return this.step(ctx, 'RETURN', id, version, comment);
  }

  @Mutation(() => resource('CheckupReport').types.object, {
    description: 'A manager accepts a submitted report.',
  })
  acceptReport(
    @Arg('id', () => ID) id: string,
    @Arg('comment', () => String, { nullable: true }) comment: string | null,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Ctx() ctx: Context,
  ): Promise<unknown> {
    return this.step(ctx, 'ACCEPT', id, version, comment);
  }

  @Mutation(() => resource('CheckupReport').types.object, {
    description: 'A manager records that an accepted report was delivered to the enterprise.',
  })
  deliverReport(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Ctx() ctx: Context,
  ): Promise<unknown> {
    return this.step(ctx, 'DELIVER', id, version, null);
  }

  @FieldResolver(() => String, {
    description:
      '报告编号: the year of the check and the serial, e.g. TJ-2026-00042 (as printed on the PDF).',
  })
  number(@Root() root: Wire): string {
    return reportNumber({ id: root.id, checkDate: String(root.checkDate) });
  }

  @FieldResolver(() => String, {
    description:
      'How people name the report: its number and the enterprise’s name, e.g. TJ-2026-00042 某某有限公司.',
  })
  async title(@Root() root: Wire, @Ctx() ctx: Context): Promise<string> {
    // Every role may read enterprises; one query for all the reports of an answer.
    const name = await ctx.loaders
      .custom<string>('enterpriseName', async (ids) => {
        const found = await ctx.em.find(E.Enterprise, { id: { $in: [...ids] } }, { fields: ['name'] });
        const names = new Map(found.map((e) => [e.id, e.name]));
        return ids.map((id) => names.get(id) ?? '');
      })
      .load(Number(root.enterpriseId));
    return `${reportNumber({ id: root.id, checkDate: String(root.checkDate) })} ${name}`.trim();
  }

  @FieldResolver(() => String, {
    description: 'Fingerprint of the content, printed on the PDF to verify a paper copy.',
  })
  async contentHash(@Root() root: Wire, @Ctx() ctx: Context): Promise<string> {
    const report = await ctx.em.findOneOrFail(E.CheckupReport, Number(root.id), {
      populate: ['enterprise', 'lawyer'],
    });
    const findings = await ctx.em.find(E.ReportFinding, { report: report.id });
    return contentHash(report, findings, report.enterprise.getEntity(), report.lawyer.getEntity());
  }
}

@Resolver(() => resource('ReportFinding').types.object)
export class FindingResolver {
  @FieldResolver(() => LeniencyHint, {
    nullable: true,
    description: 'The list item in force today for the linked offence, if any.',
  })
  async leniencyHint(@Root() root: Wire, @Ctx() ctx: Context): Promise<LeniencyHint | null> {
    if (!root.offenceId) return null;
    const hint = await leniencyHint(ctx.catalogue, Number(root.offenceId));
    return hint ? { ...hint, itemId: String(hint.itemId) } : null;
  }

  @FieldResolver(() => FindingQualification, {
    nullable: true,
    description: 'Whether the enterprise qualifies today for the linked offence’s leniency (its own cases).',
  })
  async qualification(@Root() root: Wire, @Ctx() ctx: Context): Promise<FindingQualification | null> {
    if (!root.offenceId) return null;
    const report = await ctx.em.findOne(E.CheckupReport, Number(root.reportId));
    if (!report) return null;
    return qualification(ctx.em, ctx.catalogue, report.enterprise.id, Number(root.offenceId));
  }
}

@Resolver(() => resource('Enterprise').types.object)
export class EnterpriseFollowUpResolver {
  @FieldResolver(() => [resource('ReportFinding').types.object], {
    description: 'Findings not yet rectified, across all the reports the reader may see.',
  })
  async openFindings(@Root() root: Wire, @Ctx() ctx: Context): Promise<unknown[]> {
    const user = requireUser(ctx);
    const findings = resource('ReportFinding');
    const scope = findings.access.read[user.role];
    if (!scope) return [];
    const rows = await ctx.loaders
      .custom<E.ReportFinding[]>('openFindings', async (ids) => {
        const found = await ctx.em.find(
          E.ReportFinding,
          {
            $and: [
              { rectified: false, report: { enterprise: { $in: [...ids] } } },
              scope === 'all' ? {} : scope(user),
            ],
          },
          { populate: ['report'], orderBy: { deadline: 'asc', id: 'asc' } },
        );
        return ids.map((id) => found.filter((f) => f.report.getEntity().enterprise.id === id));
      })
      .load(Number(root.id));
    return rows.map((f) => toWire(findings, f as never));
  }
}
