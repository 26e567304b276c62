import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseItemConditions } from '../../../server/import/item-conditions';

/*
 * Issue #14 §7: a real published list of 40 items read item by item. The list is
 * 江门市生态环境依法不予行政处罚的轻微环境违法行为清单 (江环〔2021〕231号, source and URL in
 * tests/fixtures/import/jiangmen-eco-list.yaml, the transcription the XLSX fixture is built from).
 * Each row: 序号, the first-offence window as the item words it (“两年内首次违法” 24个月, “近一年内属于
 * 首次违法” 12个月, plain “首次违法” 未写明: the list's 备注 refers to 行政处罚法, so the import asks for a
 * default rather than guessing), all-of or any-of, the harm ceiling (“危害后果轻微” MINOR; null where
 * the item says nothing of harm), and the concrete facts left for the officer to confirm once
 * first offence, harm and correction are taken out. Every item of this list asks for correction
 * (“在责令改正期限内改正” or “经责令改正后立即改正”). Rows marked 读法局限 are read imperfectly:
 * the comment says how, and the row pins down today's reading so that a change is seen.
 */

type Row = [number, string, 'ALL' | 'ANY', 'NONE' | 'MINOR' | null, string[]];

const ITEMS: Row[] = [
  [1, '未写明', 'ALL', 'MINOR', []],
  // 读法局限 / known limit: “经发现后主动实施关闭或者实施停止建设、拆除涉案设备或者恢复原状等措施”是一项事实，在“、”处被分成两项
  [2, '未写明', 'ALL', 'MINOR', ['经发现后主动实施关闭或者实施停止建设', '拆除涉案设备或者恢复原状等措施']],
  [3, '未写明', 'ALL', 'MINOR', []],
  // 读法局限 / known limit: 同第2项：一项事实在“、”处被分成两项
  [4, '未写明', 'ALL', 'MINOR', ['经发现后主动实施关闭或者实施停止建设', '拆除涉案设备或者恢复原状等措施']],
  [5, '未写明', 'ALL', 'MINOR', ['环境保护设施验收工作已全部完成']],
  [6, '24个月', 'ALL', 'MINOR', ['建设项目未开工建设或已开工建设但未完工', '未投入生产或使用']],
  [7, '24个月', 'ALL', 'MINOR', []],
  [8, '24个月', 'ALL', 'MINOR', ['环评文件已经批准', '环保设施已按要求建成', '未超过验收期限']],
  // 读法局限 / known limit: 原文是“仅一个B类超标且≤0.1倍，或仅pH值超标且在5-10以内，或仅色度超标且≤1倍”的择一结构，被读成并列的五项；危害后果原文未写，如实标注
  [
    9,
    '12个月',
    'ALL',
    null,
    [
      '仅一个B类水污染物超过排放标准',
      '超标排放的倍数在0.1倍以下或仅pH值超过标准',
      '数值在5-10以内或仅色度超过标准',
      '超标倍数在1倍以下',
      '在责令改正期限内改正违法排放污染物的行为',
    ],
  ],
  [
    10,
    '12个月',
    'ALL',
    'MINOR',
    [
      '因突发故障导致污染防治设施不正常运行',
      '24小时内及时报告并采取应急处置',
      '停产等措施减少污染物排放',
      '日均值未超标',
    ],
  ],
  [11, '12个月', 'ALL', 'MINOR', ['仅一个B类大气污染物超过排放标准', '超标排放的倍数在0.1倍以下']],
  [
    12,
    '12个月',
    'ALL',
    'MINOR',
    [
      '因突发故障导致污染防治设施不正常运行',
      '24小时内及时报告并采取应急处置',
      '停产等措施减少污染物排放',
      '日均值未超标',
    ],
  ],
  // 读法局限 / known limit: 原文是两种情形择一、每种情形内又有并列条件（嵌套），被读成三项择一；危害后果原文未写，如实标注
  [
    13,
    '12个月',
    'ANY',
    null,
    ['未按要求进行密闭', '已按照规定安装并使用污染防治设施', '无法密闭且未采取措施减少废气排放'],
  ],
  [14, '未写明', 'ALL', 'MINOR', []],
  [15, '24个月', 'ALL', 'MINOR', []],
  [16, '24个月', 'ALL', 'MINOR', []],
  // 读法局限 / known limit: “不属于废弃剧毒化学品、医疗废物、实验室废物及易燃易爆危险废物”是一项事实，在“、”处被分成三项
  [
    17,
    '未写明',
    'ALL',
    'MINOR',
    [
      '未按照国家环境保护标准贮存',
      '所涉危险废物不超过0.1吨',
      '危险废物混入非危险废物中贮存',
      '所涉危险废物不超过0.01吨',
      '所涉危险废物不属于废弃剧毒化学品',
      '医疗废物',
      '实验室废物及易燃易爆危险废物',
    ],
  ],
  [18, '未写明', 'ALL', 'MINOR', ['违法行为持续时间不超过20日', '所涉固体废物不属于A类污染物']],
  [19, '24个月', 'ALL', 'MINOR', []],
  [20, '24个月', 'ALL', 'MINOR', []],
  [21, '24个月', 'ALL', 'MINOR', []],
  [22, '24个月', 'ALL', 'MINOR', []],
  [23, '24个月', 'ALL', 'MINOR', []],
  [24, '24个月', 'ALL', 'MINOR', ['经检测噪声排放未超标']],
  [25, '24个月', 'ALL', 'MINOR', []],
  [26, '24个月', 'ALL', 'MINOR', []],
  [27, '24个月', 'ALL', 'MINOR', []],
  [28, '24个月', 'ALL', 'MINOR', []],
  [29, '24个月', 'ALL', 'MINOR', []],
  [30, '未写明', 'ALL', 'MINOR', []],
  [31, '未写明', 'ALL', 'MINOR', []],
  [32, '未写明', 'ALL', 'MINOR', ['违法行为持续时间不超过20日', '所涉污染物不属于A类污染物']],
  [33, '24个月', 'ALL', 'MINOR', ['未及时公开或公开内容不全']],
  [34, '24个月', 'ALL', 'MINOR', ['已按照规定对有毒有害水污染物的排污口和周边环境进行监测']],
  [35, '未写明', 'ALL', 'MINOR', ['违法行为持续时间不超过20日']],
  [36, '24个月', 'ALL', 'MINOR', ['未及时公开或公开内容不全']],
  [37, '24个月', 'ALL', 'MINOR', []],
  [38, '24个月', 'ALL', 'MINOR', []],
  [39, '24个月', 'ALL', 'MINOR', []],
  [40, '未写明', 'ALL', 'MINOR', ['违法行为持续时间不超过20日']],
];

const list = YAML.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'import', 'jiangmen-eco-list.yaml'), 'utf8'),
) as { items: { number: number; title: string; conditions: string[] }[] };

describe('江门市生态环境不予处罚清单 (40 items): each item’s conditions as read', () => {
  it('has the 40 items of the published list, numbered 1 to 40', () => {
    expect(list.items.map((i) => i.number)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(ITEMS.map((r) => r[0])).toEqual(list.items.map((i) => i.number));
  });

  it.each(ITEMS)('第%i项: window %s, %s, harm %s', (number, window, match, harm, facts) => {
    const item = list.items.find((i) => i.number === number)!;
    const r = parseItemConditions(item.conditions.join('\n'));
    expect(r.firstOffence).toBe(true);
    expect(r.lookbackKind).toBe('MONTHS');
    expect(r.lookbackMonths === null ? '未写明' : `${r.lookbackMonths}个月`).toBe(window);
    expect(r.conditionMatch).toBe(match);
    expect(r.maxHarm).toBe(harm);
    expect(r.requiresCorrection).toBe(true);
    expect(r.conditions).toEqual(facts);
    // What the wording leaves open is said, never filled in: a missing window or harm is a note.
    expect(r.notes.length).toBe(Number(window === '未写明') + Number(harm === null));
  });
});
