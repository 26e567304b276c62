import type { EntityManager } from '@mikro-orm/core';
import { ListStatus } from '../domain/enums';
import { InvalidInput } from '../domain/errors';
import { publishPlan, type ListVersion } from '../domain/lists';
import * as E from '../db/entities';
import { audit } from './audit';
import type { AuthUser } from './auth';

const asVersion = (l: E.LeniencyList): ListVersion => ({
  id: l.id,
  seriesId: l.series.id,
  seriesName: '',
  version: l.version,
  title: l.title,
  effectiveFrom: l.effectiveFrom,
  effectiveTo: l.effectiveTo ?? null,
  status: l.status,
});

/**
 * Publishes a draft list version (DOMAIN.md, "Lists: series, versions, items"): within its own
 * series only, the open-ended earlier version ends the day before this one takes effect
 * (`publishPlan`); a version would never be cut back before its own start, and other series are
 * never touched. With `supersede` false nothing is ended, and any overlap with a published
 * version of the series is refused instead.
 */
export async function publishList(
  em: EntityManager,
  user: AuthUser,
  list: E.LeniencyList,
  supersede: boolean,
): Promise<void> {
  if (list.status !== ListStatus.DRAFT)
    throw new InvalidInput(
      'id',
      `清单${list.version}版不是草稿，不能发布`,
      `list ${list.version} is not a draft`,
    );
  if ((await em.count(E.LeniencyItem, { list })) === 0)
    throw new InvalidInput('id', '清单没有任何事项，不能发布', 'a list without items cannot be published');
  const series = await em.find(E.LeniencyList, { series: list.series.id });
  const plan = publishPlan(series.map(asVersion), asVersion(list));
  if (plan.end.length && !supersede) {
    const other = series.find((l) => l.id === plan.end[0].id)!;
    throw new InvalidInput(
      'supersedePrevious',
      `与同一系列已发布的${other.version}版（${other.effectiveFrom}起，未定失效日期）施行期间重叠；请允许替代前一版本，或调整施行日期`,
      `overlaps the published version ${other.version} of the same series (from ${other.effectiveFrom}, open-ended): let it be superseded, or change the dates`,
    );
  }
  for (const end of plan.end) {
    const earlier = series.find((l) => l.id === end.id)!;
    audit(em, user, 'supersede', 'LeniencyList', earlier.id, {
      effectiveTo: [earlier.effectiveTo ?? null, end.effectiveTo],
      by: list.version,
    });
    earlier.effectiveTo = end.effectiveTo;
  }
  list.status = ListStatus.PUBLISHED;
  list.publishedAt = new Date();
  audit(em, user, 'publish', 'LeniencyList', list.id, { status: [ListStatus.DRAFT, ListStatus.PUBLISHED] });
  await em.flush();
}
