import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../seeds/csv';
import { dialects, startTestServer, type TestServer } from '../support/server';

describe.each(await dialects())('exports on %s', (dialect) => {
  let t: TestServer;
  let officer: string;
  let manager: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lawcheck-export-'));

  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 600 });
    officer = await t.login('officer');
    manager = await t.login('manager');
  });
  afterAll(async () => {
    await t?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const download = async (file: string, token?: string, filter?: unknown) => {
    const query = filter ? `?filter=${encodeURIComponent(JSON.stringify(filter))}` : '';
    const res = await fetch(`${t.url}/export/${file}${query}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: Buffer.from(await res.arrayBuffer()),
    };
  };

  it('exports the cases an officer may see, with the list filter, as CSV with a BOM and Chinese headers', async () => {
    const filter = { decisionDate_gte: '2025-06-01', status: 'DECIDED' };
    const res = await download('cases.csv', officer, filter);
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/csv');
    expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const file = path.join(dir, 'cases.csv');
    fs.writeFileSync(file, res.body);
    const rows = readCsv(file);
    expect(Object.keys(rows[0]).slice(0, 4)).toEqual([
      '案件编号',
      '企业名称',
      '统一社会信用代码',
      '违法行为',
    ]);
    const list = await t.gql<{ allPenaltyCases: { caseNumber: string }[] }>(
      'query($f: PenaltyCaseFilter) { allPenaltyCases(perPage: 1000, filter: $f) { caseNumber } }',
      { f: filter },
      officer,
    );
    expect(rows.map((r) => r['案件编号']).sort()).toEqual(
      list.data!.allPenaltyCases.map((c) => c.caseNumber).sort(),
    );
    expect(rows.every((r) => r['执法部门'] === '包头市市场监督管理局')).toBe(true);
    expect(rows.every((r) => r['状态'] === '已决定')).toBe(true);
  });

  it('exports enterprises as XLSX that a spreadsheet can open', async () => {
    const res = await download('enterprises.xlsx', manager, { q: '稀土' });
    expect(res.status).toBe(200);
    const file = path.join(dir, 'e.xlsx');
    fs.writeFileSync(file, res.body);
    const sheet = execFileSync(
      'python3',
      [
        '-c',
        'import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode())',
        file,
      ],
      {
        encoding: 'utf8',
      },
    );
    const count = await t.gql<{ _allEnterprisesMeta: { count: number } }>(
      '{ _allEnterprisesMeta(filter: { q: "稀土" }) { count } }',
      {},
      manager,
    );
    expect((sheet.match(/<row /g) ?? []).length).toBe(count.data!._allEnterprisesMeta.count + 1);
    expect(sheet).toContain('统一社会信用代码');
    expect(sheet).toContain('稀土');
  });

  it('is audited, and refused like the list: lawyers, strangers, bad filters', async () => {
    const audit = await t.gql<{ allAuditEntries: { action: string; entityType: string; changes: string }[] }>(
      '{ allAuditEntries(filter: { action: "export" }) { action entityType changes } }',
      {},
      manager,
    );
    expect(audit.data!.allAuditEntries.map((a) => a.entityType)).toEqual(
      expect.arrayContaining(['PenaltyCase', 'Enterprise']),
    );
    expect((await download('cases.csv', await t.login('lawyer'))).status).toBe(403);
    expect((await download('cases.csv')).status).toBe(401);
    const bad = await download('cases.csv', manager, { fine_lte: -5 });
    expect(bad.status).toBe(400);
    expect((JSON.parse(bad.body.toString()) as { error: { field: string } }).error.field).toBe(
      'filter.fine_lte',
    );
    expect((await download('users.csv', manager)).status).toBe(404);
  });
});
