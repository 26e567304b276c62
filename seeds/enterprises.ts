import { makeCreditCode } from '../server/domain/creditCode';
import { EnterpriseScale } from '../server/domain/enums';
import { Random, dayToIso, isoToDay } from './random';

// Word lists for plausible enterprise names in 包头 (demo and volume data only).
const TRADE_NAMES = [
  '鹿城',
  '北方',
  '草原',
  '稀土',
  '钢城',
  '黄河',
  '阴山',
  '九原',
  '昆仑',
  '青山',
  '东河',
  '赛罕',
  '金鼎',
  '宏达',
  '鑫源',
  '恒泰',
  '瑞丰',
  '华晟',
  '远航',
  '启明',
  '盛世',
  '嘉禾',
  '丰泽',
  '天骄',
  '蒙源',
  '博远',
  '德润',
  '汇通',
  '众诚',
  '明达',
  '新峰',
  '晨光',
];
const INDUSTRIES: readonly (readonly [string, string])[] = [
  ['餐饮管理', '餐饮业'],
  ['食品销售', '批发和零售业'],
  ['超市', '批发和零售业'],
  ['稀土材料', '制造业'],
  ['机械制造', '制造业'],
  ['化工', '制造业'],
  ['物流', '交通运输业'],
  ['货运', '交通运输业'],
  ['建筑工程', '建筑业'],
  ['建材', '批发和零售业'],
  ['环保科技', '科学研究和技术服务业'],
  ['网络科技', '信息传输、软件和信息技术服务业'],
  ['文化传媒', '文化、体育和娱乐业'],
  ['旅行社', '租赁和商务服务业'],
  ['酒店管理', '住宿业'],
  ['医疗器械', '批发和零售业'],
  ['农牧业开发', '农、林、牧、渔业'],
  ['房地产经纪', '房地产业'],
  ['人力资源服务', '租赁和商务服务业'],
  ['洗浴服务', '居民服务业'],
];
const FORMS = ['有限公司', '有限责任公司', '股份有限公司', '有限公司', '有限公司'];
const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帅旭宁龙林欣佳怡晨阳鹏辉亮成建志国海峰晶莉婷雪琳慧巴特尔乌兰其木格';
const STREETS = [
  '钢铁大街',
  '阿尔丁大街',
  '民族东路',
  '建设路',
  '友谊大街',
  '少先路',
  '青年路',
  '巴彦塔拉大街',
  '黄河大街',
  '包头大街',
  '文化路',
  '呼得木林大街',
];

export interface GeneratedEnterprise {
  creditCode: string;
  name: string;
  legalRepresentative: string;
  districtCode: string;
  industry: string;
  scale: EnterpriseScale;
  address: string;
  registeredAt: string;
}

function personName(rng: Random): string {
  const given = rng.chance(0.6) ? rng.pick([...GIVEN]) + rng.pick([...GIVEN]) : rng.pick([...GIVEN]);
  return rng.pick([...SURNAMES]) + given;
}

/**
 * `count` enterprises with valid, unique credit codes. Organisation bodies are numbered from
 * `offset`, so that demo and volume data never collide.
 */
export function generateEnterprises(
  count: number,
  districtCodes: readonly string[],
  seed: number,
  offset = 0,
): GeneratedEnterprise[] {
  const rng = new Random(seed);
  const names = new Set<string>();
  const result: GeneratedEnterprise[] = [];
  for (let i = 0; i < count; i++) {
    const districtCode = rng.pick(districtCodes);
    const [business, industry] = rng.pick(INDUSTRIES);
    let name = '';
    for (let attempt = 0; ; attempt++) {
      const trade = rng.pick(TRADE_NAMES) + (attempt > 2 || rng.chance(0.5) ? rng.pick(TRADE_NAMES) : '');
      const suffix = attempt > 5 ? `${i + offset}` : '';
      name = `包头市${trade}${suffix}${business}${rng.pick(FORMS)}`;
      if (!names.has(name)) break;
    }
    names.add(name);
    const body = String(10_000_000 + (((offset + i) * 7919) % 89_999_999)).padStart(8, '0');
    result.push({
      creditCode: makeCreditCode('91', districtCode, body),
      name,
      legalRepresentative: personName(rng),
      districtCode,
      industry,
      scale: rng.weighted([
        [EnterpriseScale.MICRO, 55],
        [EnterpriseScale.SMALL, 30],
        [EnterpriseScale.MEDIUM, 12],
        [EnterpriseScale.LARGE, 3],
      ]),
      address: `内蒙古自治区包头市${rng.pick(STREETS)}${rng.int(1, 399)}号`,
      registeredAt: dayToIso(rng.int(isoToDay('2003-01-01'), isoToDay('2023-12-31'))),
    });
  }
  return result;
}
