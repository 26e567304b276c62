import { addDays, addMonths, inForce } from './dates';
import { ConditionMatch, Harm, LeniencyKind, ListStatus, LookbackKind } from './enums';
import { InvalidInput } from './errors';

/*
 * Lists 免罚轻罚清单 (DOMAIN.md, "Lists: series, versions, items"). Several series are in force at
 * once (the city's joint list, a province's list for one field, a department's supplement);
 * versions supersede each other within their own series only.
 */

export interface ListVersion {
  id: number;
  /** The series (issuer + field) the version belongs to. */
  seriesId: number;
  seriesName: string;
  version: string;
  title: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  status: ListStatus;
}

/** 《title》（3.0版）, without saying the version twice when the title already does. */
export function listName(list: Pick<ListVersion, 'title' | 'version'>): string {
  return list.title.includes(`${list.version}版`)
    ? `《${list.title}》`
    : `《${list.title}》（${list.version}版）`;
}

/**
 * 《title》（3.0版）第12项: an item as the decision, its documents, the case record, the statistics
 * and the reports name it. The list's title with its version (two series can both have a 1.0).
 */
export function itemName(list: Pick<ListVersion, 'title' | 'version'>, number: number): string {
  return `${listName(list)}第${number}项`;
}

/** The item a decision applied (its stored `item`), named so: the case record's `itemLabel`. */
export const itemLabel = (item: { listTitle: string; listVersion: string; number: number }): string =>
  itemName({ title: item.listTitle, version: item.listVersion }, item.number);

/** One 适用条件 of an item, confirmed (or not) by the officer in the check. */
export interface ItemCondition {
  id: number;
  number: number;
  text: string;
}

export interface ItemRule {
  id: number;
  listId: number;
  number: number;
  kind: LeniencyKind;
  /** 适用条件 as published (the whole text). */
  conditions: string;
  /** The same, one fact at a time; empty where the item states none beyond harm, correction and first offence. */
  conditionList: readonly ItemCondition[];
  conditionMatch: ConditionMatch;
  lookbackKind: LookbackKind;
  /** MONTHS: the window's length. */
  lookbackMonths: number | null;
  maxHarm: Harm;
  requiresCorrection: boolean;
  measures: readonly string[];
}

export const HARM_ORDER: readonly Harm[] = [Harm.NONE, Harm.MINOR, Harm.GENERAL, Harm.SERIOUS];
export const harmWithin = (harm: Harm, max: Harm) => HARM_ORDER.indexOf(harm) <= HARM_ORDER.indexOf(max);

/** Default look-back for "first offence" where no item sets one: one year. */
export const DEFAULT_LOOKBACK_MONTHS = 12;

/**
 * The published versions in force on `date`, one per series: within a series the later
 * effective date wins an overlap. Drafts and archived versions never count.
 */
export function listsInForce(lists: readonly ListVersion[], date: string): ListVersion[] {
  const bySeries = new Map<number, ListVersion>();
  for (const l of lists) {
    if (l.status !== ListStatus.PUBLISHED || !inForce(date, l.effectiveFrom, l.effectiveTo)) continue;
    const best = bySeries.get(l.seriesId);
    if (
      !best ||
      l.effectiveFrom > best.effectiveFrom ||
      (l.effectiveFrom === best.effectiveFrom && l.id > best.id)
    )
      bySeries.set(l.seriesId, l);
  }
  return [...bySeries.values()].sort((a, b) => a.seriesId - b.seriesId);
}

/**
 * Whether an item asks for a first offence. A 首违不罚 item always does; an item of another kind
 * does where it states a window ("首次发现": EVER, "同一自然年度内首次", "两年内首次"), which the
 * enterprise's record decides, as for 首违不罚 (an officer's word cannot stand against the record).
 */
export function requiresFirstOffence(
  item: Pick<ItemRule, 'kind' | 'lookbackKind' | 'lookbackMonths'>,
): boolean {
  return (
    item.kind === LeniencyKind.FIRST_OFFENCE_NO_PENALTY ||
    item.lookbackKind !== LookbackKind.MONTHS ||
    (item.lookbackMonths !== null && item.lookbackMonths !== undefined)
  );
}

/** The first day of an item's 首违 window for an act on `actDate` (null: since records began). */
export function lookbackFrom(item: Pick<ItemRule, 'lookbackKind' | 'lookbackMonths'>, actDate: string) {
  switch (item.lookbackKind) {
    case LookbackKind.EVER:
      return null;
    case LookbackKind.CALENDAR_YEAR:
      return `${actDate.slice(0, 4)}-01-01`;
    default:
      return addMonths(actDate, -(item.lookbackMonths ?? DEFAULT_LOOKBACK_MONTHS));
  }
}

export function lookbackZh(item: Pick<ItemRule, 'lookbackKind' | 'lookbackMonths'>): string {
  switch (item.lookbackKind) {
    case LookbackKind.EVER:
      return '此前从未被查处（首次被发现）';
    case LookbackKind.CALENDAR_YEAR:
      return '同一自然年度内首次';
    default:
      return `${item.lookbackMonths ?? DEFAULT_LOOKBACK_MONTHS}个月内首次`;
  }
}

/** Which of the item's 适用条件 the officer has not confirmed, and whether what is confirmed suffices. */
export function conditionsConfirmed(
  item: Pick<ItemRule, 'conditionList' | 'conditionMatch'>,
  confirmed: ReadonlySet<number>,
): { ok: boolean; unconfirmed: ItemCondition[] } {
  const unconfirmed = item.conditionList.filter((c) => !confirmed.has(c.id));
  if (!item.conditionList.length) return { ok: true, unconfirmed: [] };
  const ok =
    item.conditionMatch === ConditionMatch.ANY
      ? unconfirmed.length < item.conditionList.length
      : unconfirmed.length === 0;
  return { ok, unconfirmed: ok ? [] : unconfirmed };
}

/**
 * An item cannot promise more than its article allows (行政处罚法 Art. 33): a NO_PENALTY item
 * requires no harm and correction; a FIRST_OFFENCE_NO_PENALTY item a first offence, harm at
 * most minor and correction. Refused when saved, naming the field.
 */
export function assertItemWithinLaw(item: {
  kind: LeniencyKind;
  maxHarm: Harm;
  requiresCorrection: boolean;
  lookbackKind: LookbackKind;
  lookbackMonths: number | null;
}): void {
  if (item.kind === LeniencyKind.NO_PENALTY) {
    if (item.maxHarm !== Harm.NONE)
      throw new InvalidInput(
        'maxHarm',
        '轻微违法不予处罚事项只能适用于没有造成危害后果的情形（行政处罚法第三十三条第一款第一句），允许的危害后果应为“无”',
        'a NO_PENALTY item applies only where there was no harm (Art. 33 ¶1 s.1): maxHarm must be NONE',
      );
    if (!item.requiresCorrection)
      throw new InvalidInput(
        'requiresCorrection',
        '轻微违法不予处罚以及时改正为条件（行政处罚法第三十三条第一款第一句）',
        'a NO_PENALTY item requires timely correction (Art. 33 ¶1 s.1)',
      );
  }
  if (item.kind === LeniencyKind.FIRST_OFFENCE_NO_PENALTY) {
    if (!harmWithin(item.maxHarm, Harm.MINOR))
      throw new InvalidInput(
        'maxHarm',
        '首违不罚事项只能适用于危害后果轻微的情形（行政处罚法第三十三条第一款第二句），允许的危害后果最多为“轻微”',
        'a FIRST_OFFENCE_NO_PENALTY item allows at most MINOR harm (Art. 33 ¶1 s.2)',
      );
    if (!item.requiresCorrection)
      throw new InvalidInput(
        'requiresCorrection',
        '首违不罚以及时改正为条件（行政处罚法第三十三条第一款第二句）',
        'a FIRST_OFFENCE_NO_PENALTY item requires timely correction (Art. 33 ¶1 s.2)',
      );
    if (item.lookbackKind === LookbackKind.MONTHS && !(item.lookbackMonths && item.lookbackMonths > 0))
      throw new InvalidInput(
        'lookbackMonths',
        '按月计算首违回溯期时须填写月数（如12或24）',
        'a MONTHS look-back needs the number of months (e.g. 12 or 24)',
      );
  }
  if (item.lookbackMonths !== null && (item.lookbackMonths < 1 || item.lookbackMonths > 120))
    throw new InvalidInput('lookbackMonths', '回溯期应在1至120个月之间', 'must be between 1 and 120 months');
}

/**
 * What publishing `target` does to the other versions of its series: the open-ended earlier
 * version ends the day before `target` takes effect. Refused where that would cut a version
 * back before its own start, or where `target` would overlap a later or bounded version.
 * Other series are never touched.
 */
export function publishPlan(
  lists: readonly ListVersion[],
  target: ListVersion,
): { end: { id: number; effectiveTo: string }[] } {
  const end: { id: number; effectiveTo: string }[] = [];
  const dayBefore = addDays(target.effectiveFrom, -1);
  for (const l of lists) {
    if (l.id === target.id || l.seriesId !== target.seriesId || l.status !== ListStatus.PUBLISHED) continue;
    const overlaps =
      (target.effectiveTo === null || l.effectiveFrom <= target.effectiveTo) &&
      (l.effectiveTo === null || l.effectiveTo >= target.effectiveFrom);
    if (!overlaps) continue;
    if (l.effectiveFrom < target.effectiveFrom && l.effectiveTo === null) {
      end.push({ id: l.id, effectiveTo: dayBefore });
      continue;
    }
    throw new InvalidInput(
      'effectiveFrom',
      `与同一系列已发布的${l.version}版（${l.effectiveFrom}至${l.effectiveTo ?? '今'}）施行期间重叠，发布将改写已发布版本的施行期间；请调整本版的施行日期`,
      `overlaps the published version ${l.version} of the same series (${l.effectiveFrom} to ${l.effectiveTo ?? 'open'}); publishing would cut it back: change this version's dates`,
    );
  }
  return { end };
}
