import { FineBasis, FineKind, FineWhen, PenaltyKind } from '../domain/enums';
import { NUMBER_PATTERN, parseNumber } from './numerals';

/*
 * Reading a statute's penalty clause 罚则 into an offence version (DOMAIN.md, "Offences are
 * statutory penalty clauses"): the fine in yuan or as a multiple of a basis, the fallback range
 * where the basis is absent or small, whether it applies only on refusal to correct, the
 * serious band, and the other kinds of penalty (行政处罚法 Art. 9). Amounts here are yuan and
 * multiples are times (0.5 = 百分之五十); the writer turns them into fen and hundredths.
 * What is not read is returned as text, never guessed.
 */

export interface FineClause {
  fineKind: FineKind;
  fineMin: number | null;
  fineMax: number | null;
  fineBasis: FineBasis | null;
  multipleMin: number | null;
  multipleMax: number | null;
  fallbackMin: number | null;
  fallbackMax: number | null;
  fallbackBelow: number | null;
  fineWhen: FineWhen;
  fineDiscretionary: boolean;
  /** Yuan for a FIXED fine, times for a MULTIPLE one. */
  seriousMin: number | null;
  seriousMax: number | null;
  penaltyKinds: PenaltyKind[];
  seriousPenaltyKinds: PenaltyKind[];
  /** 情节严重的，可以处…: the serious band is discretionary too (its own word). */
  seriousDiscretionary: boolean;
}

export interface FineReading {
  /** Null where the text states no fine and no other penalty that could be read. */
  clause: FineClause | null;
  /** Parts of the text that speak of a fine or penalty but could not be read. */
  unread: string[];
}

const N = NUMBER_PATTERN;
const BASES: [RegExp, FineBasis][] = [
  [/违法所得/, FineBasis.ILLEGAL_GAIN],
  [/货值金额|违法生产经营的[^，,]*?货值/, FineBasis.GOODS_VALUE],
  [
    /不缴或者少缴的税款|少缴的税款|未缴或者少缴的税款|骗取的?(国家)?(出口)?退税款|税款/,
    FineBasis.TAX_UNDERPAID,
  ],
];
const BASIS_WORDS =
  '(违法所得|货值金额|不缴或者少缴的税款|未缴或者少缴的税款|少缴的税款|骗取的退税款|骗取的出口退税款|应缴税款|违法收入|违法经营额|广告费用|销售额|工程合同价款|合同价款)';

const KIND_WORDS: [RegExp, PenaltyKind][] = [
  [/警告/, PenaltyKind.WARNING],
  [/通报批评/, PenaltyKind.CIRCULATED_CRITICISM],
  [/没收违法所得/, PenaltyKind.CONFISCATE_ILLEGAL_GAIN],
  [
    /没收(违法所得和)?(非法财物|违法生产经营的|用于违法|违法物品|违法[^，,；]*?的(食品|产品|商品|工具|设备))/,
    PenaltyKind.CONFISCATE_ILLEGAL_PROPERTY,
  ],
  [/吊销营业执照/, PenaltyKind.REVOKE_BUSINESS_LICENCE],
  [/吊销(?!营业执照)[^，,；。]{0,8}(许可证|许可证件|证书|执照|资质证书)/, PenaltyKind.REVOKE_LICENCE],
  [/暂扣[^，,；。]{0,8}(许可证|许可证件|证书|执照)/, PenaltyKind.SUSPEND_LICENCE],
  [/降低资质等级/, PenaltyKind.LOWER_QUALIFICATION],
  [/责令(停产停业|停业整顿|停止生产|停产整顿|停业)/, PenaltyKind.SUSPEND_BUSINESS],
  [/责令关闭|关闭停业/, PenaltyKind.ORDER_CLOSURE],
  [/限制(开展生产经营活动|从业)|禁止从业/, PenaltyKind.RESTRICT_PRACTICE],
];

const normalise = (text: string) =>
  text
    .replace(/[\s\u3000]+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/，/g, '，');

const money = (raw: string): number | null => parseNumber(raw.replace(/元$/, ''));

/** 百分之五十 → 0.5, 五倍 → 5, 0.5倍 → 0.5, 一 (before 倍 said once for both ends) → 1. */
function multiple(raw: string): number | null {
  if (raw === '等值') return 1;
  const pct = /^百分之(.+)$/.exec(raw);
  if (pct) {
    const n = parseNumber(pct[1]);
    return n === null ? null : n / 100;
  }
  return parseNumber(raw.replace(/倍$/, ''));
}

interface Fine {
  kind: 'YUAN' | 'MULTIPLE';
  min: number;
  max: number;
  basis: FineBasis | null;
}

const MULT = `(?:等值|百分之${N}|${N}倍?)`;
const RE_MULTIPLE_RANGE = new RegExp(
  `${BASIS_WORDS}(?:\\([^)]*\\))?的?(${MULT})(?:以上|至|到|-|—|~)(${MULT})以下`,
);
const RE_MULTIPLE_MAX = new RegExp(`${BASIS_WORDS}的?(${MULT})以下`);
const RE_MULTIPLE_FIXED = new RegExp(`${BASIS_WORDS}的?(${MULT})(?:的)?罚款`);
const RE_YUAN_RANGE = new RegExp(`(${N})元?(?:以上|至|到|-|—|~)(${N})元以下`);
const RE_YUAN_MAX = new RegExp(`(${N})元以下`);
const RE_YUAN_FIXED = new RegExp(`处(${N})元(?:的)?罚款`);

function basisOf(word: string): FineBasis {
  for (const [re, basis] of BASES) if (re.test(word)) return basis;
  return FineBasis.OTHER;
}

/** The fine one sub-clause states, if it states one. */
function fineIn(part: string): Fine | null {
  let m = RE_MULTIPLE_RANGE.exec(part);
  if (m) {
    const lo = multiple(m[2]);
    const hi = multiple(m[3]);
    if (lo !== null && hi !== null) return { kind: 'MULTIPLE', min: lo, max: hi, basis: basisOf(m[1]) };
  }
  m = RE_MULTIPLE_MAX.exec(part);
  if (m) {
    const hi = multiple(m[2]);
    if (hi !== null) return { kind: 'MULTIPLE', min: 0, max: hi, basis: basisOf(m[1]) };
  }
  m = RE_MULTIPLE_FIXED.exec(part);
  if (m && /倍|百分之/.test(m[2])) {
    const at = multiple(m[2]);
    if (at !== null) return { kind: 'MULTIPLE', min: at, max: at, basis: basisOf(m[1]) };
  }
  m = RE_YUAN_RANGE.exec(part);
  if (m) {
    const lo = money(m[1]);
    const hi = money(m[2]);
    if (lo !== null && hi !== null) return { kind: 'YUAN', min: lo, max: hi, basis: null };
  }
  m = RE_YUAN_MAX.exec(part);
  if (m) {
    const hi = money(m[1]);
    if (hi !== null) return { kind: 'YUAN', min: 0, max: hi, basis: null };
  }
  m = RE_YUAN_FIXED.exec(part);
  if (m) {
    const at = money(m[1]);
    if (at !== null) return { kind: 'YUAN', min: at, max: at, basis: null };
  }
  return null;
}

const SERIOUS = /情节(特别|较为|较)?严重的?|造成严重后果的?/;
const REFUSAL = /(拒不改正|逾期不改正|逾期未改正|拒不整改|逾期不整改|逾期仍未改正|拒不停止|拒不执行)的?/;
const FALLBACK = new RegExp(
  `(没有|无)${BASIS_WORDS}|${BASIS_WORDS}(数额)?(不足|无法计算|难以计算|明显偏低)|不足(${N})元?的`,
);
const THRESHOLD = new RegExp(`不足(${N})元?的`);

/** Reads a penalty clause (处罚依据 text). */
export function parseFineClause(text: string): FineReading {
  const source = normalise(text);
  const unread: string[] = [];
  let main: Fine | null = null;
  let fallback: Fine | null = null;
  let fallbackBelow: number | null = null;
  let serious: Fine | null = null;
  let fineWhen = FineWhen.ALWAYS;
  let discretionary = false;
  let seriousDiscretionary = false;
  const kinds = new Set<PenaltyKind>();
  const seriousKinds = new Set<PenaltyKind>();
  // Sentences and their clauses: 情节严重的 / 拒不改正的 / 没有违法所得的 govern what follows them
  // up to the next semicolon or full stop.
  for (const sentence of source.split(/[；;。]/).filter(Boolean)) {
    // Split on commas only where a new 处/并处 or a new circumstance starts, so that
    // "处违法所得一倍以上三倍以下的罚款" stays whole; a circumstance governs what follows it in
    // its sentence.
    const parts = sentence.split(
      /[，,](?=(?:并|可以|可|应当|另)?处|没有|无违法|货值金额|违法所得|违法经营额|广告费用|有违法所得|情节|拒不|逾期|造成严重)/,
    );
    let isSerious = false;
    let isRefusal = false;
    let isFallback = false;
    for (const part of parts) {
      if (SERIOUS.test(part)) isSerious = true;
      if (REFUSAL.test(part)) isRefusal = true;
      if (FALLBACK.test(part)) {
        isFallback = true;
        const below = THRESHOLD.exec(part);
        if (below) fallbackBelow = money(below[1]);
      } else if (/以上的$/.test(part)) isFallback = false;
      for (const [re, kind] of KIND_WORDS) if (re.test(part)) (isSerious ? seriousKinds : kinds).add(kind);
      if (!/罚款|罚金/.test(part)) continue;
      const fine = fineIn(part);
      if (!fine) {
        unread.push(part);
        continue;
      }
      if (/可以(并)?处|可(并)?处/.test(part)) {
        if (isSerious) seriousDiscretionary = true;
        else discretionary = true;
      }
      if (isSerious) {
        if (serious) unread.push(part);
        else serious = fine;
      } else if (isFallback && fine.kind === 'YUAN') {
        if (fallback) unread.push(part);
        else fallback = fine;
      } else if (main && (main.kind !== fine.kind || main.min !== fine.min || main.max !== fine.max)) {
        unread.push(part);
      } else {
        main = fine;
        if (isRefusal) fineWhen = FineWhen.ON_REFUSAL_TO_CORRECT;
      }
    }
  }
  // A fixed fine read as the "fallback" with no multiple beside it is the main fine.
  if (fallback && main?.kind !== 'MULTIPLE') {
    if (main) unread.push('没有计罚基数时的罚款与一般罚款均按固定数额');
    main ??= fallback;
    fallback = null;
    fallbackBelow = null;
  }
  if (!main && !serious && !kinds.size && !seriousKinds.size) {
    return { clause: null, unread: unread.length ? unread : [text.trim()] };
  }
  const multipleFine = main?.kind === 'MULTIPLE';
  const clause: FineClause = {
    fineKind: multipleFine ? FineKind.MULTIPLE : FineKind.FIXED,
    fineMin: main && !multipleFine ? main.min : null,
    fineMax: main && !multipleFine ? main.max : null,
    fineBasis: multipleFine ? (main!.basis ?? FineBasis.OTHER) : null,
    multipleMin: multipleFine ? main!.min : null,
    multipleMax: multipleFine ? main!.max : null,
    fallbackMin: multipleFine && fallback ? fallback.min : null,
    fallbackMax: multipleFine && fallback ? fallback.max : null,
    fallbackBelow: multipleFine && fallback ? fallbackBelow : null,
    fineWhen,
    fineDiscretionary: discretionary,
    seriousMin: null,
    seriousMax: null,
    penaltyKinds: [...kinds],
    seriousPenaltyKinds: [...seriousKinds].filter((k) => !kinds.has(k)),
    seriousDiscretionary: false,
  };
  // The serious band in the fine's own unit; one in another unit cannot be stored: say so.
  if (serious) {
    if ((serious.kind === 'MULTIPLE') === multipleFine || !main) {
      clause.seriousMin = serious.min;
      clause.seriousMax = serious.max;
      clause.seriousDiscretionary = seriousDiscretionary;
    } else unread.push('情节严重的罚款与一般罚款计算单位不同');
  }
  return { clause, unread };
}
