import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as E from '../../server/db/entities';
import { Tier } from '../../server/domain/enums';
import { dialects, startTestServer, type TestServer } from '../support/server';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'import', name));

interface PlanRow {
  line: number;
  action: string;
  target: string;
  reasonsZh: string[];
  reasonsEn: string[];
}
interface Plan {
  format: string;
  encoding: string | null;
  sha256: string;
  counts: Record<string, number>;
  totalRows: number;
  rows: PlanRow[];
  layout: { columns: Record<string, string>; title: string | null };
  notesZh: string[];
  written: boolean;
  result: { entityType: string; entityId: number | null } | null;
}

describe.each(await dialects())('import of a city’s tables on %s', (dialect) => {
  let t: TestServer;
  let manager: string;
  let officer: string;

  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 200 });
    manager = await t.login('manager');
    officer = await t.login('officer');
  });
  afterAll(async () => {
    await t?.stop();
  });

  const upload = async (kind: string, body: Buffer, query: Record<string, string> = {}, token = manager) => {
    const res = await fetch(`${t.url}/import/${kind}?${new URLSearchParams(query).toString()}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body,
    });
    return {
      status: res.status,
      json: (await res.json()) as { plan: Plan; error?: { code: string; message: string; field?: string } },
    };
  };
  const em = () => t.server.orm.em.fork();

  it('exports a seed list version and imports it back equal (XLSX and CSV)', async () => {
    const original = await em().findOneOrFail(E.LeniencyList, {
      version: '3.0',
      series: { name: '包头市涉企免罚轻罚清单' },
    });
    for (const format of ['xlsx', 'csv'] as const) {
      const res = await fetch(`${t.url}/export/lists/${original.id}.${format}`, {
        headers: { authorization: `Bearer ${manager}` },
      });
      expect(res.status).toBe(200);
      const file = Buffer.from(await res.arrayBuffer());
      const query = {
        series: `往返测试-${format}`,
        version: '3.0',
        effectiveFrom: '2024-03-01',
        fileName: `list.${format}`,
      };
      const dry = await upload('lists', file, query);
      expect(dry.status).toBe(200);
      expect(dry.json.plan.counts.REJECT).toBe(0);
      expect(dry.json.plan.written).toBe(false);
      const items = await em().count(E.LeniencyItem, { list: original });
      expect(dry.json.plan.counts.CREATE).toBe(items);
      const done = await upload('lists', file, { ...query, sha256: dry.json.plan.sha256 });
      expect(done.json.plan.written).toBe(true);
      const copy = done.json.plan.result!.entityId!;
      const read = async (listId: number) => {
        const e = em();
        const rows = await e.find(E.LeniencyItem, { list: listId }, { orderBy: { number: 'asc' } });
        const conditions = await e.find(
          E.LeniencyItemCondition,
          { item: { list: listId } },
          { orderBy: { number: 'asc' } },
        );
        return rows.map((i) => ({
          number: i.number,
          offence: i.offence.id,
          kind: i.kind,
          conditions: i.conditions,
          conditionMatch: i.conditionMatch,
          lookbackKind: i.lookbackKind,
          lookbackMonths: i.lookbackMonths ?? null,
          maxHarm: i.maxHarm,
          requiresCorrection: i.requiresCorrection,
          measures: i.measures,
          note: i.note ?? null,
          conditionList: conditions.filter((c) => c.item.id === i.id).map((c) => c.text),
        }));
      };
      expect(await read(copy)).toEqual(await read(original.id));
      const list = await em().findOneOrFail(E.LeniencyList, copy);
      expect(list.status).toBe('DRAFT');
      const trail = await em().find(E.AuditEntry, {
        action: 'import',
        entityType: 'LeniencyList',
        entityId: String(copy),
      });
      expect((trail[0].changes as { sha256: string }).sha256).toBe(dry.json.plan.sha256);
    }
  });

  it('reads a GBK CSV of enterprises, creates them once, and matches them the second time', async () => {
    const file = fixture('enterprises-gbk.csv');
    const dry = await upload('enterprises', file, { fileName: 'enterprises-gbk.csv' });
    expect(dry.json.plan.encoding).toBe('gb18030');
    expect(dry.json.plan.counts).toEqual({ CREATE: 3, MATCH: 0, CHANGE: 0, REJECT: 0 });
    expect(dry.json.plan.layout.columns.district).toBe('所属区域');
    const done = await upload('enterprises', file, { sha256: dry.json.plan.sha256 });
    expect(done.json.plan.written).toBe(true);
    const e = await em().findOneOrFail(
      E.Enterprise,
      { name: '包头市青山导入测试物流有限公司' },
      { populate: ['district'] },
    );
    expect(e.legalRepresentative).toBe('李娜');
    expect(e.district?.getEntity().name).toBe('青山区');
    expect(e.registeredAt).toBe('2019-06-01');
    expect(e.scale).toBe('MICRO');
    const again = await upload('enterprises', file);
    expect(again.json.plan.counts).toEqual({ CREATE: 0, MATCH: 3, CHANGE: 0, REJECT: 0 });
  });

  it('reads a Word table: section heading, merged department, multi-line cells, windows', async () => {
    const file = fixture('list-table.docx');
    const query = { series: 'Word清单导入测试', version: '1.0', effectiveFrom: '2026-01-01' };
    const dry = await upload('lists', file, query);
    expect(dry.json.plan.format).toBe('docx');
    const rows = dry.json.plan.rows;
    expect(rows.map((r) => r.line)).toEqual([3, 4, 5, 6]);
    // 两年内首次 → 24 months; the section heading 不予处罚 with a first offence → 首违不罚.
    expect(rows[0].reasonsZh[0]).toContain('首违不罚');
    expect(rows[0].reasonsZh[0]).toContain('24个月');
    expect(rows[1].reasonsZh.join()).toContain('STHJ-004');
    // "首次" with no window and no default chosen: refused, quoting the text.
    expect(rows[2].action).toBe('REJECT');
    expect(rows[2].reasonsZh.join()).toContain('未写明首次违法的计算期间');
    expect(rows[3].reasonsZh[0]).toContain('此前从未被查处');
    const withWindow = await upload('lists', file, { ...query, firstOffenceWindow: '12' });
    expect(withWindow.json.plan.counts.REJECT).toBe(0);
    const done = await upload('lists', file, {
      ...query,
      firstOffenceWindow: '12',
      sha256: withWindow.json.plan.sha256,
    });
    expect(done.json.plan.written).toBe(true);
    const items = await em().find(
      E.LeniencyItem,
      { list: done.json.plan.result!.entityId! },
      { orderBy: { number: 'asc' }, populate: ['offence'] },
    );
    expect(items.map((i) => i.offence.getEntity().code)).toEqual([
      'STHJ-001',
      'STHJ-004',
      'JTYS-001',
      'WHLY-001',
    ]);
    expect(items.map((i) => [i.lookbackKind, i.lookbackMonths ?? null])).toEqual([
      ['MONTHS', 24],
      ['MONTHS', 24],
      ['MONTHS', 12],
      ['EVER', null],
    ]);
    const conditions = await em().find(
      E.LeniencyItemCondition,
      { item: items[2] },
      { orderBy: { number: 'asc' } },
    );
    expect(conditions.map((c) => c.text)).toEqual(['规范装载', '损坏轻微', '未致事故或拥堵']);
    expect(items[0].measures).toEqual(['责令改正', '批评教育']);
  });

  it('a file with bad rows: every rejected row says why, and the confirmed import writes nothing', async () => {
    const file = fixture('list-bad-rows.csv');
    const query = { series: '坏行测试清单', version: '1.0', effectiveFrom: '2026-01-01' };
    const dry = await upload('lists', file, query);
    expect(dry.json.plan.encoding).toBe('utf-8-bom');
    expect(dry.json.plan.counts).toMatchObject({ CREATE: 1, REJECT: 5 });
    const reasons = dry.json.plan.rows.filter((r) => r.action === 'REJECT').map((r) => r.reasonsZh.join(' '));
    expect(reasons[0]).toContain('违法行为为空');
    expect(reasons[1]).toContain('类型“警示”无法识别');
    expect(reasons[2]).toContain('首违不罚以及时改正为条件');
    expect(reasons[3]).toContain('序号4在文件中重复');
    expect(reasons[4]).toContain('读不出罚款幅度');
    const before = await em().count(E.LeniencyItem, {});
    const done = await upload('lists', file, { ...query, sha256: dry.json.plan.sha256 });
    expect(done.json.plan.written).toBe(false);
    expect(await em().count(E.LeniencyItem, {})).toBe(before);
    expect(await em().count(E.LeniencyListSeries, { name: '坏行测试清单' })).toBe(0);
  });

  it('a baseline table whose tier leaves the statutory range: refused with the clause named, nothing written', async () => {
    // 价格法 Art. 42: 可以并处五千元以下的罚款. The file revises the offence's 2021 baseline.
    const offence = await em().findOneOrFail(E.Offence, { code: 'SCJG-007' });
    const stored = async () =>
      (await em().findOneOrFail(E.DiscretionBaseline, { offence: offence.id, effectiveFrom: '2021-01-01' }))
        .tiers;
    const before = await stored();
    const csv = (heavierMax: number) =>
      Buffer.from(
        [
          '违法行为编码,违法行为,生效日期,裁量阶次,罚款下限,罚款上限,适用情形',
          `SCJG-007,${offence.title},2021-01-01,从轻,0,1500,首次且及时改正`,
          `SCJG-007,${offence.title},2021-01-01,一般,1500,3500,一般情形`,
          `SCJG-007,${offence.title},2021-01-01,从重,3500,${heavierMax},再次发生`,
        ].join('\n'),
      );
    const dry = await upload('baselines', csv(8000));
    expect(dry.json.plan.counts).toMatchObject({ REJECT: 1 });
    const refused = dry.json.plan.rows.filter((r) => r.action === 'REJECT');
    expect(refused.map((r) => r.line)).toEqual([4]);
    expect(refused[0].reasonsZh.join(' ')).toContain(
      '从重处罚档（3500元至8000元）超出《中华人民共和国价格法》第四十二条',
    );
    expect(refused[0].reasonsZh.join(' ')).toContain('0元至5000元');
    expect(refused[0].reasonsEn.join(' ')).toContain('outside the statutory range');
    const done = await upload('baselines', csv(8000), { sha256: dry.json.plan.sha256 });
    expect(done.json.plan.written).toBe(false);
    expect(await stored()).toEqual(before);
    // Within the range, the same table is written.
    const good = await upload('baselines', csv(5000));
    expect(good.json.plan.counts.REJECT).toBe(0);
    const written = await upload('baselines', csv(5000), { sha256: good.json.plan.sha256 });
    expect(written.json.plan.written).toBe(true);
    expect((await stored()).find((t) => t.level === 'HEAVIER')).toMatchObject({ min: 350000, max: 500000 });
  });

  it('a file that revises one tier of a stored baseline whose kept tier leaves the range: every row refused', async () => {
    // A baseline stored before saves were checked (written here straight to the database) keeps a
    // 从重 past 价格法 Art. 42's 五千元; a file revising only its 一般 tier would keep that tier.
    const offence = await em().findOneOrFail(E.Offence, { code: 'SCJG-007' });
    const fork = em();
    const stored = await fork.findOneOrFail(E.DiscretionBaseline, {
      offence: offence.id,
      effectiveFrom: '2021-01-01',
    });
    const before = stored.tiers;
    stored.tiers = [
      ...before.filter((x) => x.level !== 'HEAVIER'),
      { level: Tier.HEAVIER, min: 350000, max: 800000, conditions: '再次发生' },
    ];
    await fork.flush();
    try {
      const csv = Buffer.from(
        [
          '违法行为编码,违法行为,生效日期,裁量阶次,罚款下限,罚款上限,适用情形',
          `SCJG-007,${offence.title},2021-01-01,一般,1500,3500,一般情形`,
        ].join('\n'),
      );
      const dry = await upload('baselines', csv);
      expect(dry.json.plan.counts).toMatchObject({ REJECT: 1, CHANGE: 0 });
      const [row] = dry.json.plan.rows.filter((r) => r.action === 'REJECT');
      expect(row.line).toBe(2);
      expect(row.reasonsZh.join(' ')).toContain('从重处罚档（3500元至8000元）超出');
    } finally {
      const restore = em();
      const again = await restore.findOneOrFail(E.DiscretionBaseline, stored.id);
      again.tiers = before;
      await restore.flush();
    }
  });

  it('reads the published tax list (XLSX, merged cells): conditions and windows, unreadable clauses reported', async () => {
    const file = fixture('tax-first-offence-list.xlsx');
    const dry = await upload('lists', file, {
      series: '税务行政处罚首违不罚事项清单',
      version: '2021',
      effectiveFrom: '2021-04-01',
      firstOffenceWindow: '同一自然年度',
    });
    const plan = dry.json.plan;
    expect(plan.layout.title).toBe('税务行政处罚“首违不罚”事项清单');
    expect(plan.totalRows).toBe(12);
    for (const row of plan.rows) {
      if (row.action === 'REJECT') continue;
      // The one condition merged down the column reaches every row.
      expect(row.reasonsZh[0]).toMatch(/^首违不罚；0项具体条件/);
      expect(row.reasonsZh.join()).toContain('同一自然年度');
    }
    const rejected = plan.rows.filter((r) => r.action === 'REJECT');
    expect(rejected.map((r) => r.line)).toEqual([11, 14]);
    expect(rejected[0].reasonsZh.join()).toContain('《税收票证管理办法》');
  });

  it('reads a real published list of 40 items (XLSX, merged 类别): matches, proposals refused with why, windows', async () => {
    // 江门市生态环境依法不予行政处罚的轻微环境违法行为清单 (江环〔2021〕231号): the list cites the
    // provisions violated but gives no 处罚依据, and words most windows (两年内, 近一年内) but not all.
    const file = fixture('jiangmen-eco-list.xlsx');
    const query = {
      series: '江门市生态环境不予处罚清单',
      version: '2022',
      effectiveFrom: '2022-02-01',
      department: 'STHJ',
    };
    const plan = (await upload('lists', file, query)).json.plan;
    expect(plan.layout.title).toBe('江门市生态环境依法不予行政处罚的轻微环境违法行为清单');
    expect(plan.layout.columns).toEqual({
      number: '序号',
      field: '类别',
      title: '违法行为',
      violatedProvision: '违反条款',
      conditions: '不予处罚的情节',
    });
    expect(plan.totalRows).toBe(40);
    const byItem = new Map(plan.rows.map((r) => [Number(/^第(\d+)项/.exec(r.target)?.[1]), r]));
    expect(byItem.size).toBe(40);
    // Matched to the catalogue by provision and title (the similarity shown where not exact).
    const matched: [number, string, string][] = [
      [15, 'STHJ-001', '24个月'],
      [20, 'STHJ-002', '24个月'],
      [33, 'STHJ-003', '24个月'],
    ];
    for (const [item, code, window] of matched) {
      const row = byItem.get(item)!;
      expect(row.action).toBe('CREATE');
      expect(row.reasonsZh.join('；')).toContain(code);
      expect(row.reasonsZh.join('；')).toContain(`首违期间：${window}`);
    }
    // The 13 items that say only 首次违法: refused until a window is chosen, never guessed.
    const plain = [1, 2, 3, 4, 5, 14, 17, 18, 30, 31, 32, 35, 40];
    for (const item of plain) {
      expect(byItem.get(item)!.action).toBe('REJECT');
      expect(byItem.get(item)!.reasonsZh.join()).toContain('未写明首次违法的计算期间');
    }
    // The others with no catalogue match: a new offence cannot be proposed without the fine clause.
    for (const [item, row] of byItem) {
      if (plain.includes(item) || matched.some((m) => m[0] === item)) continue;
      expect(row.action).toBe('REJECT');
      expect(row.reasonsZh.join()).toContain('处罚依据中读不出罚款幅度');
    }
    expect(plan.counts).toEqual({ CREATE: 3, MATCH: 0, CHANGE: 0, REJECT: 37 });

    // With the window the manager chooses for plain 首次 (首次被发现), item 40 matches too (STHJ-008).
    const chosen = (await upload('lists', file, { ...query, firstOffenceWindow: '首次被发现' })).json.plan;
    expect(chosen.counts.CREATE).toBe(4);
    const item40 = chosen.rows.find((r) => r.target.startsWith('第40项'))!;
    expect(item40.action).toBe('CREATE');
    expect(item40.reasonsZh.join()).toContain('STHJ-008');
    expect(item40.reasonsZh.join()).toContain('首违期间按导入时选定的');
    expect(chosen.written).toBe(false);
  });

  it('refuses officers, anonymous callers and a different file at confirmation', async () => {
    const file = fixture('enterprises-gbk.csv');
    expect((await upload('enterprises', file, {}, officer)).status).toBe(403);
    expect((await upload('enterprises', file, {}, '')).status).toBe(401);
    const wrong = await upload('enterprises', file, { sha256: 'f'.repeat(64) });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error?.field).toBe('sha256');
  });
});

describe.each(await dialects())('round trip of the register and the cases on %s', (dialect) => {
  let t: TestServer;
  let manager: string;
  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 150 });
    manager = await t.login('manager');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it.each([
    ['enterprises', 'enterprises'],
    ['cases', 'cases'],
    ['baselines/all', 'baselines'],
  ])(
    'exports %s and imports them back as the same records (all MATCH, nothing written)',
    async (file, kind) => {
      for (const format of ['csv', 'xlsx']) {
        const res = await fetch(`${t.url}/export/${file}.${format}`, {
          headers: { authorization: `Bearer ${manager}` },
        });
        const body = Buffer.from(await res.arrayBuffer());
        const imported = await fetch(`${t.url}/import/${kind}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${manager}` },
          body,
        });
        const { plan } = (await imported.json()) as {
          plan: { counts: Record<string, number>; totalRows: number };
        };
        expect(plan.counts.REJECT).toBe(0);
        expect(plan.counts.MATCH).toBe(plan.totalRows);
        expect(plan.totalRows).toBeGreaterThan(100);
      }
    },
  );
});
