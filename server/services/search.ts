import type { EntityManager } from '@mikro-orm/core';
import { inForce } from '../domain/dates';
import { ListStatus } from '../domain/enums';
import { listsInForce } from '../domain/lists';
import * as E from '../db/entities';
import { listVersion } from './rulebook';

/*
 * Offence search for the officer's desk: Chinese substrings and word-level matches, best first.
 * The catalogue is small (hundreds to a few thousand penalty powers), so the database narrows
 * the candidates with LIKE on each term, and the ranking below orders them. Chinese has no
 * spaces: a query is also cut into overlapping two-character words, so "未悬挂许可证" finds
 * "未在显著位置悬挂娱乐经营许可证".
 */

/** English words officers and integrators use, mapped to the Chinese of the catalogue. */
const GLOSSARY: Record<string, string[]> = {
  food: ['食品'],
  licence: ['许可证'],
  license: ['许可证'],
  permit: ['许可'],
  tax: ['税'],
  invoice: ['发票'],
  bank: ['银行'],
  waste: ['废物', '垃圾'],
  hazardous: ['危险'],
  safety: ['安全'],
  training: ['培训'],
  price: ['价格', '标价'],
  advertising: ['广告'],
  pollution: ['污染'],
  dust: ['扬尘'],
  noise: ['噪声'],
  transport: ['运输'],
  vehicle: ['车辆'],
  health: ['健康'],
  hygiene: ['卫生', '消毒'],
  label: ['标志', '标识'],
  sign: ['标志'],
  record: ['记录', '台账'],
  registration: ['登记'],
  employee: ['从业人员', '职工'],
  'first offence': ['首违', '首次'],
  'no penalty': ['不予处罚'],
};

const CJK = /[\u3400-\u9fff]/;

/** The whole query, its words, the two-character words of its Chinese runs, and glossary terms. */
export function searchTerms(text: string): string[] {
  const normal = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const terms = new Set<string>([normal]);
  for (const [en, zh] of Object.entries(GLOSSARY)) if (normal.includes(en)) zh.forEach((t) => terms.add(t));
  for (const word of normal.split(/[\s,，。、;；:：()（）《》"“”'‘’-]+/).filter(Boolean)) {
    terms.add(word);
    if (CJK.test(word) && word.length > 2)
      for (let i = 0; i + 2 <= word.length; i++) terms.add(word.slice(i, i + 2));
  }
  return [...terms].filter((t) => t.length >= (CJK.test(t) ? 1 : 2)).slice(0, 24);
}

interface Scored {
  score: number;
  matchedIn: Set<string>;
}

function scoreText(
  field: string,
  haystack: string,
  query: string,
  words: string[],
  weight: number,
  into: Scored,
): void {
  const h = haystack.toLowerCase();
  if (!h) return;
  if (h.includes(query)) {
    into.score += 4 * weight;
    into.matchedIn.add(field);
  }
  const hits = words.filter((w) => h.includes(w)).length;
  if (hits) {
    into.score += (weight * hits) / words.length;
    into.matchedIn.add(field);
  }
}

export interface OffenceHit {
  offence: E.Offence;
  score: number;
  items: E.LeniencyItem[];
  list: E.LeniencyList | null;
  matchedIn: string[];
}

export interface SearchOptions {
  text: string;
  asOf: string;
  departmentId?: number | null;
  limit: number;
  postgres: boolean;
}

export async function searchOffences(em: EntityManager, o: SearchOptions): Promise<OffenceHit[]> {
  const terms = searchTerms(o.text);
  const [query, ...rest] = terms;
  const words = rest.length ? rest : [query];
  const like = (t: string) => ({ [o.postgres ? '$ilike' : '$like']: `%${t}%` });
  const fields = ['title', 'violatedProvision', 'penaltyProvision', 'code'] as const;
  const department = o.departmentId ? { department: o.departmentId } : {};

  const lists = (await em.find(E.LeniencyList, { status: ListStatus.PUBLISHED })).filter((l) =>
    inForce(o.asOf, l.effectiveFrom, l.effectiveTo),
  );
  const byText = await em.find(E.Offence, {
    $and: [department, { $or: terms.flatMap((t) => fields.map((f) => ({ [f]: like(t) }))) }],
  });
  const itemHits = lists.length
    ? await em.find(E.LeniencyItem, {
        list: { $in: lists.map((l) => l.id) },
        $or: terms.map((t) => ({ conditions: like(t) })),
        ...(o.departmentId ? { offence: { department: o.departmentId } } : {}),
      })
    : [];
  const offenceIds = new Set([...byText.map((x) => x.id), ...itemHits.map((i) => i.offence.id)]);
  if (!offenceIds.size) return [];
  const offences = await em.find(E.Offence, { id: { $in: [...offenceIds] } });
  const items = lists.length
    ? await em.find(
        E.LeniencyItem,
        { list: { $in: lists.map((l) => l.id) }, offence: { $in: [...offenceIds] } },
        { orderBy: { number: 'asc' } },
      )
    : [];
  // One version per series: where a series has two published versions in force, the later one.
  const seriesById = new Map((await em.find(E.LeniencyListSeries, {})).map((x) => [x.id, x]));
  const governing = new Set(
    listsInForce(
      lists.map((l) => listVersion(l, seriesById)),
      o.asOf,
    ).map((l) => l.id),
  );

  const hits: OffenceHit[] = offences.map((offence) => {
    const own = items.filter((i) => i.offence.id === offence.id);
    const inForce = own.filter((i) => governing.has(i.list.id));
    const s: Scored = { score: 0, matchedIn: new Set() };
    scoreText('title', offence.title, query, words, 6, s);
    scoreText('code', offence.code, query, words, 5, s);
    scoreText('provisions', `${offence.violatedProvision} ${offence.penaltyProvision}`, query, words, 2, s);
    for (const item of inForce) scoreText('conditions', item.conditions, query, words, 2, s);
    if (inForce.length) s.score += 0.5; // what the list covers is what officers look for first
    return {
      offence,
      score: Math.round(s.score * 1000) / 1000,
      items: inForce,
      list: inForce.length ? (lists.find((l) => l.id === inForce[0].list.id) ?? null) : null,
      matchedIn: [...s.matchedIn],
    };
  });
  return hits
    .filter((h) => h.matchedIn.length > 0)
    .sort((a, b) => b.score - a.score || a.offence.code.localeCompare(b.offence.code))
    .slice(0, o.limit);
}
