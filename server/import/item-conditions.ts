import { ConditionMatch, Harm, LeniencyKind, LookbackKind } from '../domain/enums';
import { parseNumber } from './numerals';

/*
 * Reading a list item's 适用条件 (DOMAIN.md, "Lists: series, versions, items"): the concrete
 * facts the officer confirms one by one, whether all or any of them must hold ("有下列情形之一"),
 * and the parts the product models as fields: harm (没有造成危害后果 / 危害后果轻微), correction
 * (及时改正, 在责令期限内改正) and the first-offence window (首次, 两年内首次, 同一自然年度内,
 * 首次被发现). What the wording leaves open is returned as a note, never filled in silently.
 */

export interface ConditionReading {
  /** The concrete facts, one per entry, in the published order. */
  conditions: string[];
  conditionMatch: ConditionMatch;
  /** Whether the text asks for a first offence at all. */
  firstOffence: boolean;
  lookbackKind: LookbackKind;
  lookbackMonths: number | null;
  /** NONE (没有造成危害后果), MINOR (危害后果轻微), or null where the text says nothing of harm. */
  maxHarm: Harm | null;
  requiresCorrection: boolean;
  /** What the wording leaves open, in Chinese, for the dry run to show. */
  notes: string[];
}

const ANY =
  /有下列(情形|情况|条件)之一|具有下列(情形|情况)之一|符合下列(情形|条件)之一|以下(情形|条件)之一|之一的/;
const ALL = /同时(满足|符合|具备)|均(满足|符合)|全部满足/;

/** The outcome a lead-in names, not a fact to confirm: 不予行政处罚, 依法可以不予行政处罚. */
const OUTCOME = /^(的)?(依法)?(可以|应当)?(不予|免予)(行政)?处罚$/;
const FIRST = /首次|初次|首违|第一次|初犯/;
const WINDOW_MONTHS = /(近|在|于)?([0-9一二两三四五六七八九十]+)(个)?(年|个月|月)(内|以内|之内)/;
const CALENDAR_YEAR = /(同一|一个|同一个)?(自然|公历|日历)年度|同一年度|当年度|本年度/;
const EVER = /首次(被)?(发现|查处|检查发现)|初次被(发现|查处)|第一次被(发现|查处)|从未|此前未|历史上/;

const HARM_NONE =
  /(未|没有|无|不)(造成|产生|导致|引起)?(任何|实际|明显)?(的)?(社会)?危害(后果)?|危害后果(为)?无|无危害/;
const HARM_MINOR = /危害(后果|性)?(轻微|较小|较轻|不大)|社会危害性?(较)?小|危害后果较轻/;
const CORRECTION =
  /改正|纠正|整改|补正|补办|补报|补缴|补录|补齐|补充|消除|清除|修复|更正|撤除|撤回|停止(违法)?(行为|销售|使用|发布)|恢复|办理(了)?(变更|延续|备案)/;
const ON_THE_SPOT = /当场|立即|现场/;

/** Splits on enumerations ((一)(二), 1. 2., ①②), semicolons, commas and 、 between facts. */
function pieces(text: string): string[] {
  return (
    text
      .replace(/\r\n?/g, '\n')
      .replace(
        /[（(][一二三四五六七八九十]+[）)]|[（(][0-9]{1,2}[）)]|[①②③④⑤⑥⑦⑧⑨⑩]|(^|\n|[；;。，,：:])\s*[0-9]{1,2}[.、．)）]\s*/g,
        '$1\n',
      )
      // A clause that only qualifies the one before it ("……已开工建设，但未完工") stays with it.
      .replace(/[，,]\s*(?=但)/g, '')
      .split(/[\n；;。，,、：:]/)
      .filter((p) => !ANY.test(p) && !ALL.test(p))
      .map((p) =>
        p
          .trim()
          .replace(/^(且|并且|并|同时|以及)/, '')
          .replace(/[的]$/, '')
          .trim(),
      )
      // Not the lead-in's outcome either ("同时满足下列情形的，不予行政处罚：").
      .filter(
        (p) => p && !ANY.test(p) && !ALL.test(p) && !/^(适用条件|条件|情形)$/.test(p) && !OUTCOME.test(p),
      )
  );
}

function windowOf(piece: string): { kind: LookbackKind; months: number | null } | null {
  if (CALENDAR_YEAR.test(piece)) return { kind: LookbackKind.CALENDAR_YEAR, months: null };
  const m = WINDOW_MONTHS.exec(piece);
  if (m) {
    const n = parseNumber(m[2]);
    if (n !== null && n > 0) return { kind: LookbackKind.MONTHS, months: m[4] === '年' ? n * 12 : n };
  }
  if (EVER.test(piece)) return { kind: LookbackKind.EVER, months: null };
  return null;
}

/** Reads one item's 适用条件. */
export function parseItemConditions(text: string): ConditionReading {
  const reading: ConditionReading = {
    conditions: [],
    conditionMatch: ANY.test(text) ? ConditionMatch.ANY : ConditionMatch.ALL,
    firstOffence: false,
    lookbackKind: LookbackKind.MONTHS,
    lookbackMonths: null,
    maxHarm: null,
    requiresCorrection: false,
    notes: [],
  };
  let window: ReturnType<typeof windowOf> = null;
  for (const piece of pieces(text)) {
    const first = FIRST.test(piece);
    const w = windowOf(piece);
    if (first || (w && /违法|发生|发现|查处|处罚/.test(piece))) {
      reading.firstOffence = true;
      window ??= w;
      // "首次被发现，且能当场按规定悬挂" is two pieces; "首次发生且危害后果轻微" one: read its other parts too.
    }
    const harmNone = HARM_NONE.test(piece) && /危害/.test(piece);
    const harmMinor = HARM_MINOR.test(piece);
    if (harmNone) reading.maxHarm = Harm.NONE;
    else if (harmMinor && reading.maxHarm !== Harm.NONE) reading.maxHarm = Harm.MINOR;
    const correction = CORRECTION.test(piece);
    if (correction || (ON_THE_SPOT.test(piece) && /按(规定|要求)/.test(piece)))
      reading.requiresCorrection = true;
    // A fact of its own: whatever remains once first offence, harm, correction and the words
    // around them are taken out.
    const generic = residue(piece).length <= 3;
    if (!generic) reading.conditions.push(piece);
  }
  if (reading.firstOffence) {
    if (window) {
      reading.lookbackKind = window.kind;
      reading.lookbackMonths = window.months;
    } else {
      reading.lookbackKind = LookbackKind.MONTHS;
      reading.lookbackMonths = null;
      reading.notes.push('适用条件未写明首次违法的计算期间（如“两年内首次”“同一自然年度内首次”），请核对');
    }
  }
  if (reading.maxHarm === null)
    reading.notes.push('适用条件未写明危害后果（“没有造成危害后果”或“危害后果轻微”）');
  return reading;
}

const GENERIC_PHRASES: RegExp[] = [
  new RegExp(WINDOW_MONTHS.source, 'g'),
  new RegExp(CALENDAR_YEAR.source, 'g'),
  /(属于|系)?(首次|初次|首违|第一次|初犯)(被)?(违法|违反|发生|发现|查处|检查发现)?(违法行为)?/g,
  new RegExp(HARM_NONE.source, 'g'),
  new RegExp(HARM_MINOR.source, 'g'),
  // Correction as such (not a concrete act such as 当场悬挂 or 补建台账).
  /(能够|能|已|经责令后|经责令|责令后)?(当场|及时|主动|自行|立即|按要求|按期|按时)?(或者|或)?(在)?(((税务机关|登记机关|行政机关|执法机关|执法部门|主管部门)?责令(改正|限期改正)?的?|规定的?)?(期限|期间|时限|限期)(的期限)?内|(税务机关|行政机关|执法机关|执法部门)?发现前)?(主动|及时)?(改正|纠正|整改到位|整改|补正|更正|清除|修复)(或者|或)?(修复|清除)?(到位|完毕)?/g,
  /对当事人|清单中所列事项|清单所列(事项|违法行为)?|(违法行为|违法情节|情节)(显著)?轻微|当事人|违法行为人|违法行为|违法情节|情节|并且|且|并|的|在/g,
];

/** What is left of a piece once the parts modelled as fields are taken out. */
function residue(piece: string): string {
  let rest = piece;
  for (const re of GENERIC_PHRASES) rest = rest.replace(re, '');
  return rest.replace(/[或者及和]/g, '');
}

/** The item kind a list's wording names (类型 column or section heading), or null. */
export function kindFromText(text: string): LeniencyKind | null {
  const t = text.replace(/\s/g, '');
  if (/不予(实施)?(行政)?强制(措施)?|免予强制/.test(t)) return LeniencyKind.NO_COERCIVE_MEASURE;
  if (/首违不罚|首违免罚|首次违法不予|初次违法不予/.test(t)) return LeniencyKind.FIRST_OFFENCE_NO_PENALTY;
  if (/减轻/.test(t)) return LeniencyKind.MITIGATED;
  if (/从轻/.test(t)) return LeniencyKind.LIGHTER;
  if (/不予(行政)?处罚|免予(行政)?处罚|免罚|不罚/.test(t)) return LeniencyKind.NO_PENALTY;
  return null;
}

/** Splits 处理方式 (责令改正；批评教育、指导约谈) into measures. */
export function parseMeasures(text: string): string[] {
  return (
    text
      // Not on 、: "暂不予查封、扣押" is one measure.
      .split(/[\n；;，,。/|]/)
      .map((m) => m.trim().replace(/^[0-9]+[.、．]/, ''))
      .filter(Boolean)
  );
}
