import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { launchChromium, type ChromiumBinary } from '../../server/services/pdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';
import { todayIso } from '../../server/domain/dates';
import { fillDesk, logIn } from '../support/browser';

// The admin panel in the Chromium the server prints with (the system's, or the one npm installed;
// never one downloaded at run time). Screenshots of each page
// go to test-results/screenshots for people to look at (not committed).
const SHOTS = path.resolve('test-results', 'screenshots');

describe('the admin panel in a real browser', () => {
  let t: TestServer;
  let browser: Browser;
  let binary: ChromiumBinary;
  /** Content-Security-Policy violations reported by any page of the run. */
  const violations: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestServer('sqlite', { cases: 600 });
    const launched = await launchChromium();
    browser = launched;
    binary = launched.binary;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  async function watchedPage(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) violations.push(`${page.url()}: ${msg.text()}`);
    });
    return page;
  }

  async function login(username: string): Promise<Page> {
    const page = await watchedPage();
    return logIn(page, t.url, username);
  }

  it('runs in the Chromium it meant to', () => {
    // CI runs this suite twice: with Debian's package (LAWCHECK_EXPECT_CHROMIUM=system) and with
    // it hidden (=npm). Elsewhere: the system's when /usr/bin/chromium is a program, else npm's.
    const expected =
      process.env.LAWCHECK_EXPECT_CHROMIUM ??
      (process.env.LAWCHECK_CHROMIUM
        ? 'LAWCHECK_CHROMIUM'
        : fs.statSync('/usr/bin/chromium', { throwIfNoEntry: false })?.isFile()
          ? 'system'
          : 'npm');
    expect(binary.source).toBe(expected);
    if (binary.source === 'npm') expect(binary.executablePath).not.toBe('/usr/bin/chromium');
    // The browser that answers is the binary that was chosen: same version.
    const version = execFileSync(binary.executablePath, ['--version'], { encoding: 'utf8' });
    expect(version).toContain(browser.version());
  });

  const menu = async (page: Page) =>
    (await page.locator('.RaMenuItemLink-root').allInnerTexts()).map((s) => s.trim()).filter(Boolean);

  it('greets each role in Chinese with the menus that role may use', async () => {
    const expected: Record<string, { has: string[]; hasNot: string[] }> = {
      admin: { has: ['案件', '用户', '操作日志', '执法部门'], hasNot: [] },
      manager: { has: ['案件', '法治体检报告', '操作日志', '免罚轻罚清单'], hasNot: [] },
      officer: {
        has: ['案件', '企业', '违法行为', '免罚轻罚清单'],
        hasNot: ['用户', '操作日志', '法治体检报告'],
      },
      lawyer: { has: ['法治体检报告', '体检发现', '企业'], hasNot: ['案件', '用户', '操作日志'] },
    };
    for (const [username, want] of Object.entries(expected)) {
      const page = await login(username);
      const items = await menu(page);
      for (const m of want.has) expect(items, `${username} sees ${m}`).toContain(m);
      for (const m of want.hasNot) expect(items, `${username} does not see ${m}`).not.toContain(m);
      await page.screenshot({ path: path.join(SHOTS, `menu-${username}.png`) });
      await page.close();
    }
  }, 150_000); // four logins: slow on a shared two-core machine

  it('shows the manager the same totals as the API, as money in yuan', async () => {
    const page = await login('manager');
    const api = await t.gql<{ leniencyStats: { totals: { cases: number; fines: number } } }>(
      '{ leniencyStats { totals { cases fines } } }',
      {},
      await t.login('manager'),
    );
    const cases = await page.getByTestId('all-cases').innerText();
    expect(cases.replace(/,/g, '')).toBe(String(api.data!.leniencyStats.totals.cases));
    const fines = await page.getByTestId('all-fines').innerText();
    expect(fines).toBe(
      `¥${api.data!.leniencyStats.totals.fines.toLocaleString('en', { minimumFractionDigits: 2 })}`,
    );
    await page.close();
  });

  it('lists only the officer’s department’s cases, with references shown by name', async () => {
    const page = await login('officer');
    await page.goto(`${t.url}/#/PenaltyCase`);
    // Wait for real rows, not the placeholder rows shown while the list loads.
    await page
      .locator('tbody tr', { hasText: /包市监罚/ })
      .first()
      .waitFor();
    const rows = await page.locator('tbody tr').count();
    expect(rows).toBeGreaterThan(0);
    const text = await page.locator('tbody').innerText();
    expect(text).toMatch(/包市监罚〔\d{4}〕\d+号/);
    expect(text).not.toMatch(/包税罚|包环罚/);
    // Short labels and amounts (一般处罚, 法制审核中, ¥5,000.00) read on one line, never one
    // character a line in a squeezed column.
    // (A string, as the other page scripts here: the tests compile without the DOM's types.)
    const broken = await page.evaluate<string[]>(`[...document.querySelectorAll('tbody td')]
      .filter((td) => /^(一般处罚|从轻处罚|减轻处罚|不予处罚|已决定|已结案|法制审核中|¥[\\d,.]+)$/.test(td.textContent))
      .filter((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
      })
      .map((td) => td.textContent)`);
    expect(broken).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'cases-officer.png') });
    // The export is the server's: Chinese headers, a BOM, the officer's cases only.
    await page.locator('button[name="server-export"]').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'CSV' }).click(),
    ]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFF案件编号,企业名称')).toBe(true);
    expect(csv).not.toMatch(/包税罚|包环罚/);
    await page.close();
  });

  it('shows the officer overdue follow-up visits and prints a decided case’s documents', async () => {
    const token = await t.login('officer');
    const overdue = await t.gql<{ _allFollowUpVisitsMeta: { count: number } }>(
      `{ _allFollowUpVisitsMeta(filter: { result: PENDING, dueDate_lt: "${todayIso()}" }) { count } }`,
      {},
      token,
    );
    const page = await login('officer');
    const card = page.getByTestId('overdue-follow-ups');
    await card.waitFor();
    await card.getByText('逾期未回访').waitFor();
    if (overdue.data!._allFollowUpVisitsMeta.count > 0)
      await card.getByText(`（${overdue.data!._allFollowUpVisitsMeta.count}）`).waitFor();
    else await card.getByText('没有逾期的回访').waitFor();
    const decided = await t.gql<{ allPenaltyCases: { id: string }[] }>(
      '{ allPenaltyCases(filter: { status: DECIDED, outcome: NONE }, perPage: 1) { id } }',
      {},
      token,
    );
    await page.goto(`${t.url}/#/PenaltyCase/${decided.data!.allPenaltyCases[0].id}/show`);
    const documents = page.getByTestId('case-documents');
    await documents.waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      documents.getByRole('button', { name: /责令改正通知书/ }).click(),
    ]);
    const file = path.join(SHOTS, 'correction-order.pdf');
    await download.saveAs(file);
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    await page.screenshot({ path: path.join(SHOTS, 'case-documents.png'), fullPage: true });
    await page.close();
  }, 90_000);

  it('checks a credit code as it is typed, with the server’s rule', async () => {
    const page = await login('officer');
    await page.goto(`${t.url}/#/Enterprise/create`);
    await page.fill('input[name="creditCode"]', '91150203100000007K');
    await page.fill('input[name="name"]', '测试企业');
    await page.click('button[type="submit"]');
    await page.getByText('校验位错误').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'enterprise-create-invalid.png') });
    await page.close();
  });

  it('lets an officer check an offence and record the case with the facts filled in', async () => {
    const page = await login('officer');
    await page.getByRole('menuitem', { name: '免罚轻罚查询' }).click();
    // 电子商务经营者未在首页公示营业执照信息 (电子商务法 Art. 76): fined whether or not corrected, and
    // listed as 轻微违法不予处罚. (未将营业执照置于醒目位置 is fined only 拒不改正的, 市场主体登记管理条例 Art. 48.)
    const enterprise = await t.gql<{ allEnterprises: { name: string }[] }>(
      '{ allEnterprises(perPage: 1, sortField: "id") { name } }',
      {},
      await t.login('officer'),
    );
    const name = enterprise.data!.allEnterprises[0].name;
    await fillDesk(page, { search: '首页显著位置', pick: /未在首页显著位置持续公示营业执照信息/ }, name, {
      offence: '2026-11-01',
      discovered: '2026-11-02',
      decision: '2026-11-10',
    });
    await page.locator('button[name="check"]').click();
    await page.getByTestId('decision').waitFor();
    expect(await page.getByTestId('outcome').innerText()).toBe('不予处罚');
    const decisionText = await page.getByTestId('decision').innerText();
    expect(decisionText).toContain('轻微违法不予处罚');
    expect(decisionText).toContain('《中华人民共和国行政处罚法》第三十三条');
    // Every rule is named in words, not by its code.
    expect(decisionText).toContain('追责时效');
    expect(decisionText).not.toMatch(/TIME_LIMIT|LIST_IN_FORCE|MINOR_NO_HARM/);
    expect(await page.getByTestId('summary').innerText()).toContain('不予行政处罚');
    await page.screenshot({ path: path.join(SHOTS, 'desk-officer.png'), fullPage: true });
    await page.locator('input[name="caseNumber"]').fill('包市监罚〔2026〕E2E001号');
    await page.locator('button[name="record"]').click();
    await page.waitForURL(/#\/PenaltyCase\/\d+\/show/);
    await page.getByText('包市监罚〔2026〕E2E001号').first().waitFor();
    const saved = await t.gql<{
      allPenaltyCases: {
        outcome: string;
        offenceDate: string;
        decisionDate: string;
        item: { kind: string };
      }[];
    }>(
      '{ allPenaltyCases(filter: { caseNumber: "包市监罚〔2026〕E2E001号" }) { outcome offenceDate decisionDate item { kind } } }',
      {},
      await t.login('officer'),
    );
    expect(saved.data!.allPenaltyCases).toEqual([
      {
        outcome: 'NONE',
        offenceDate: '2026-11-01',
        decisionDate: '2026-11-10',
        item: { kind: 'NO_PENALTY' },
      },
    ]);
    // The case page cites the item as the decision does: the list's version said once.
    const itemLine = (await page.getByTestId('item-label').innerText()).trim();
    expect(itemLine).toMatch(/^依据《[^》]+》(（[\d.]+版）)?第\d+项$/);
    expect(itemLine).not.toMatch(/(\d+(\.\d+)?)版.*\1版/);
    // No penalty, yet correction and education still apply: 免罚不免责.
    expect(await page.getByTestId('case-decision').innerText()).toContain('（免罚不免责）');
    await page.screenshot({ path: path.join(SHOTS, 'case-recorded.png') });
    await page.close();
  });

  it('names each item an offence search finds by its own list, title and version', async () => {
    // 未将营业执照置于醒目位置 is on the city's list (3.0) and on the province's 市场监管 list (1.0):
    // each item is named by its own list, as the decision cites it (the search once gave both the
    // city list's version).
    const page = await login('officer');
    await page.getByRole('menuitem', { name: '免罚轻罚查询' }).click();
    await page.locator('input[name="offence"]').fill('醒目位置');
    const option = page
      .getByRole('option', { name: /未将营业执照置于住所或者主要经营场所的醒目位置/ })
      .first();
    await option.waitFor();
    const text = (await option.textContent()) ?? '';
    expect(text).toMatch(/不予处罚（《包头市涉企轻微违法行为免罚轻罚清单（3\.0版）》第\d+项）/);
    expect(text).toMatch(/不予处罚（《内蒙古自治区市场监管领域不予处罚清单》（1\.0版）第\d+项）/);
    await page.close();
  });

  it('takes a case from the check to a reviewed decision: 减轻 chosen, returned by the reviewer, resubmitted, approved', async () => {
    const officer = await login('officer');
    await officer.getByRole('menuitem', { name: '免罚轻罚查询' }).click();
    await officer.locator('input[name="offence"]').fill('无照经营');
    await officer
      .getByRole('option', { name: /从事无照经营/ })
      .first()
      .click();
    const enterprise = await t.gql<{ allEnterprises: { name: string }[] }>(
      '{ allEnterprises(perPage: 1, sortField: "id", sortOrder: "DESC") { name } }',
      {},
      await t.login('officer'),
    );
    const name = enterprise.data!.allEnterprises[0].name;
    await officer.locator('input[name="enterprise"]').fill(name);
    await officer
      .getByRole('option', { name: new RegExp(name) })
      .first()
      .click();
    await officer.locator('input[name="offenceDate"]').fill('2026-10-01');
    await officer.locator('input[name="discoveredDate"]').fill('2026-10-02');
    await officer.locator('input[name="decisionDate"]').fill('2026-10-20');
    // Serious harm, not corrected, but the party confessed (行政处罚法 Art. 32): 从轻 or 减轻.
    await officer.locator('input[name="harm"]').locator('..').getByRole('combobox').click();
    await officer.getByRole('option', { name: '严重', exact: true }).click();
    await officer.locator('input[name="corrected"]').uncheck();
    // 市场主体登记管理条例 Art. 43 fines only 拒不改正的: the order to register was refused.
    await officer.locator('input[name="refusedCorrection"]').check();
    await officer.locator('input[name="mitigating"]').locator('..').getByRole('combobox').click();
    await officer.getByRole('option', { name: '主动供述' }).click();
    await officer.keyboard.press('Escape');
    await officer.locator('button[name="check"]').click();
    await officer.getByTestId('choices').waitFor();
    await officer
      .getByTestId('choices')
      .getByLabel(/^减轻处罚/)
      .check();
    await officer
      .locator('input[name="choiceReason"], textarea[name="choiceReason"]')
      .first()
      .fill('主动供述尚未掌握的违法行为，并已停止经营');
    // No case number: the department's series gives one.
    await officer.locator('button[name="record"]').click();
    await officer.waitForURL(/#\/PenaltyCase\/\d+\/show/);
    const id = /PenaltyCase\/(\d+)\/show/.exec(officer.url())![1];
    await officer.getByTestId('case-status').getByText('法制审核中').waitFor();
    expect(await officer.getByTestId('case-review').innerText()).toContain('选择减轻处罚');
    const decision = await officer.getByTestId('case-decision').innerText();
    expect(decision).toContain('减轻处罚');
    expect(decision).toContain('应当从轻减轻');
    expect(decision).toContain('第三十二条');
    // A penalty is imposed: the measures are not said to survive an exemption (免罚不免责).
    expect(decision).toContain('须采取的措施：责令改正');
    expect(decision).not.toContain('免罚不免责');
    const recorded = await t.gql<{ PenaltyCase: { caseNumber: string; status: string } }>(
      `{ PenaltyCase(id: "${id}") { caseNumber status } }`,
      {},
      await t.login('officer'),
    );
    const caseNumber = recorded.data!.PenaltyCase.caseNumber;
    expect(caseNumber).toMatch(/^包市监罚〔\d{4}〕\d+号$/);
    await officer.screenshot({ path: path.join(SHOTS, 'case-in-review.png'), fullPage: true });

    // The reviewer finds it among the cases waiting on their home page, and returns it.
    const reviewer = await login('reviewer');
    await reviewer.getByTestId('cases-in-review').getByText(caseNumber).click();
    await reviewer.waitForURL(new RegExp(`#/PenaltyCase/${id}/show`));
    await reviewer.locator('button[name="approveCase"]').waitFor();
    expect(await reviewer.locator('button[name="returnCase"]').isDisabled()).toBe(true);
    await reviewer.locator('textarea[name="reviewNote"]').fill('请补充当事人主动供述的询问笔录');
    await reviewer.locator('button[name="returnCase"]').click();
    await reviewer.getByTestId('case-status').getByText('审核退回').waitFor();
    await reviewer.screenshot({ path: path.join(SHOTS, 'case-returned.png'), fullPage: true });

    // The officer reads why, and submits it again.
    await officer.reload();
    await officer.getByTestId('review-note').getByText('请补充当事人主动供述的询问笔录').waitFor();
    await officer.locator('button[name="submitCaseForReview"]').click();
    await officer.getByTestId('case-status').getByText('法制审核中').waitFor();

    // Approved: the decision is of record.
    await reviewer.reload();
    await reviewer.locator('textarea[name="reviewNote"]').fill('同意减轻处罚');
    await reviewer.locator('button[name="approveCase"]').click();
    await reviewer.getByTestId('case-status').getByText('已决定').waitFor();
    const done = await t.gql<{
      PenaltyCase: { status: string; reviewNote: string; reviewer: { username: string } };
    }>(
      `{ PenaltyCase(id: "${id}") { status reviewNote reviewer { username } } }`,
      {},
      await t.login('admin'),
    );
    expect(done.data!.PenaltyCase).toEqual({
      status: 'DECIDED',
      reviewNote: '同意减轻处罚',
      reviewer: { username: 'reviewer' },
    });
    await reviewer.screenshot({ path: path.join(SHOTS, 'case-approved.png'), fullPage: true });
    await officer.close();
    await reviewer.close();
  }, 180_000);

  it('walks a report from the lawyer to the manager and back, to delivery and the PDF', async () => {
    const lawyerToken = await t.login('lawyer');
    const created = await t.gql<{ createCheckupReport: { id: string } }>(
      'mutation { createCheckupReport(enterpriseId: "3", checkDate: "2026-11-15", summary: "整体规范，个别事项需整改。") { id } }',
      {},
      lawyerToken,
    );
    const id = created.data!.createCheckupReport.id;
    const swj = await t.gql<{ allOffences: { id: string }[] }>(
      '{ allOffences(filter: { code: "SWJ-001" }) { id } }',
      {},
      lawyerToken,
    );
    await t.gql(
      `mutation { createReportFinding(reportId: "${id}", category: TAX, riskLevel: GENERAL, description: "新开立账户未报告税务机关", offenceId: "${swj.data!.allOffences[0].id}") { id } }`,
      {},
      lawyerToken,
    );
    // The lawyer adds a finding inline, sees the lenient-list hint and the risk, and submits.
    const lawyer = await login('lawyer');
    await lawyer.goto(`${t.url}/#/CheckupReport/${id}/show`);
    await lawyer.getByTestId('finding').first().waitFor();
    expect(await lawyer.getByTestId('hint').first().innerText()).toContain('首违不罚');
    expect(await lawyer.getByTestId('qualification').first().innerText()).toContain('今日');
    await lawyer
      .getByTestId('new-finding')
      .locator('textarea[name="description"]')
      .fill('劳动合同未约定试用期工资');
    await lawyer.locator('button[name="add-finding"]').click();
    await lawyer.getByTestId('finding').filter({ hasText: '劳动合同未约定试用期工资' }).waitFor();
    expect(await lawyer.getByTestId('finding').count()).toBe(2);
    await lawyer.screenshot({ path: path.join(SHOTS, 'report-lawyer.png'), fullPage: true });
    await lawyer.locator('button[name="submit"]').click();
    await lawyer.getByTestId('report-status').getByText('已提交').waitFor();
    // The manager returns it with a comment.
    const manager = await login('manager');
    await manager.goto(`${t.url}/#/CheckupReport/${id}/show`);
    await manager.locator('button[name="return"]').click();
    await manager.locator('textarea[name="comment"]').fill('请补充劳动用工的法律依据');
    await manager.locator('button[name="confirm-return"]').click();
    await manager.getByTestId('report-status').getByText('已退回').waitFor();
    // The lawyer fixes it and resubmits.
    await lawyer.reload();
    await lawyer.getByText('请补充劳动用工的法律依据').waitFor();
    await lawyer
      .getByTestId('new-finding')
      .locator('textarea[name="description"]')
      .fill('未依法为部分职工缴纳社会保险');
    await lawyer
      .getByTestId('new-finding')
      .locator('textarea[name="legalBasis"]')
      .fill('《中华人民共和国社会保险法》第五十八条');
    await lawyer.locator('button[name="add-finding"]').click();
    await lawyer.getByTestId('finding').filter({ hasText: '未依法为部分职工缴纳社会保险' }).waitFor();
    await lawyer.locator('button[name="submit"]').click();
    await lawyer.getByTestId('report-status').getByText('已提交').waitFor();
    // The manager accepts, delivers and downloads the PDF.
    await manager.reload();
    await manager.locator('button[name="accept"]').click();
    await manager.getByTestId('report-status').getByText('已通过').waitFor();
    await manager.locator('button[name="deliver"]').click();
    await manager.getByTestId('report-status').getByText('已送达').waitFor();
    const [download] = await Promise.all([
      manager.waitForEvent('download'),
      manager.locator('button[name="pdf"]').click(),
    ]);
    const file = path.join(SHOTS, `report-${id}.pdf`);
    await download.saveAs(file);
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    await manager.screenshot({ path: path.join(SHOTS, 'report-manager.png'), fullPage: true });
    await lawyer.close();
    await manager.close();
  }, 150_000);

  it('lets a manager compare two list versions and publish a draft', async () => {
    const page = await login('manager');
    const lists = await t.gql<{
      allLeniencyLists: { id: string; version: string; effectiveFrom: string; seriesId: string }[];
    }>('{ allLeniencyLists { id version effectiveFrom seriesId } }', {}, await t.login('manager'));
    const draft = lists.data!.allLeniencyLists.find((l) => l.version === '4.0')!;
    const current = lists.data!.allLeniencyLists.find(
      (l) => l.version === '3.0' && l.seriesId === draft.seriesId,
    )!;
    await page.goto(`${t.url}/#/LeniencyList/${draft.id}/show`);
    await page.getByTestId('list-status').getByText('草稿').waitFor();
    await page.locator('[name="compare"]').locator('..').click();
    await page.getByRole('option', { name: '3.0版' }).click();
    const diff = await page.getByTestId('diff').innerText();
    expect(diff).toContain('3.0版 → 4.0版：新增 1 项，删除 0 项，变更 0 项');
    expect(diff).toContain('纳税人不缴或者少缴应纳税款');
    await page.screenshot({ path: path.join(SHOTS, 'list-compare.png'), fullPage: true });
    // Publishing asks first: which version it ends, from when, and the whole diff.
    await page.locator('button[name="publish"]').click();
    const dialog = page.getByTestId('publish-dialog');
    await dialog.getByTestId('publish-ends').waitFor();
    const dayBefore = new Date(Date.parse(`${draft.effectiveFrom}T00:00:00Z`) - 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(await dialog.getByTestId('publish-ends').innerText()).toBe(
      `同一系列的3.0版（${current.effectiveFrom}起施行）将于${dayBefore}终止施行。`,
    );
    expect(await dialog.innerText()).toContain('3.0版 → 4.0版：新增 1 项，删除 0 项，变更 0 项');
    expect(await dialog.innerText()).toContain('纳税人不缴或者少缴应纳税款');
    await page.screenshot({ path: path.join(SHOTS, 'list-publish-confirm.png'), fullPage: true });
    // Nothing is published until it is confirmed.
    await page.getByTestId('list-status').getByText('草稿').waitFor();
    await dialog.locator('button[name="confirm-publish"]').click();
    await page.getByTestId('list-status').getByText('已发布').waitFor();
    await page.close();
  });

  it('shows a manager an offence’s versions, the list series and an item’s conditions, in Chinese', async () => {
    const token = await t.login('manager');
    const ids = await t.gql<{
      allOffences: { id: string }[];
      allLeniencyItems: { id: string; conditionList: { text: string }[] }[];
    }>(
      `{ allOffences(filter: { code: "SWJ-006" }) { id }
         allLeniencyItems(filter: { q: "能够当场按规定悬挂" }, perPage: 1) { id conditionList { text } } }`,
      {},
      token,
    );
    const page = await login('manager');
    const headers = async (testId: string) =>
      (await page.getByTestId(testId).locator('thead th').allInnerTexts())
        .map((h) => h.trim())
        .filter(Boolean);

    // The offence's edit page lists its versions: 偷税, 0.5 to 5 times the tax underpaid, five years.
    await page.goto(`${t.url}/#/Offence/${ids.data!.allOffences[0].id}`);
    const versions = page.getByTestId('children-OffenceVersion');
    await versions.getByText('条文版本').waitFor();
    await versions.locator('tbody tr').first().waitFor();
    expect(await headers('children-OffenceVersion')).toEqual(
      expect.arrayContaining(['施行日期', '失效日期', '处罚依据（本版）', '罚款方式', '罚款适用情形']),
    );
    expect(await versions.locator('tbody').innerText()).toContain('按基数倍数');
    await versions.locator('tbody tr').first().click();
    await page.getByLabel('计罚基数').first().waitFor();
    expect(await page.getByLabel('倍数上限').first().inputValue()).toBe('5');
    expect(await page.getByLabel('追责时效（年）').first().inputValue()).toBe('5');
    expect(await page.getByLabel('时效依据').first().inputValue()).toBe(
      '《中华人民共和国税收征收管理法》第八十六条',
    );

    // The series: the city's joint list and the province's list for one field.
    await page.goto(`${t.url}/#/LeniencyListSeries`);
    await page.getByText('内蒙古自治区市场监管领域不予处罚清单').waitFor();
    const seriesHeaders = (await page.locator('thead th').allInnerTexts()).map((h) => h.trim());
    expect(seriesHeaders).toEqual(expect.arrayContaining(['系列名称', '制定机关', '领域', '版本数']));
    expect(await page.locator('tbody').innerText()).toContain('包头市涉企免罚轻罚清单');

    // An item's edit page: how its conditions apply, how 首违 is counted, and the conditions one by one.
    const item = ids.data!.allLeniencyItems[0];
    await page.goto(`${t.url}/#/LeniencyItem/${item.id}`);
    await page.getByLabel('条件适用方式').first().waitFor();
    await page.getByLabel('首违认定方式').first().waitFor();
    const conditions = page.getByTestId('children-LeniencyItemCondition');
    await conditions.getByText('能够当场按规定悬挂').waitFor();
    expect(await headers('children-LeniencyItemCondition')).toEqual(expect.arrayContaining(['序号', '条件']));
    expect(await conditions.locator('tbody tr').count()).toBe(item.conditionList.length);
    await page.screenshot({ path: path.join(SHOTS, 'item-conditions.png'), fullPage: true });
    await page.close();
  });

  it('lets a manager edit a discretion baseline’s tiers, and refuses one outside the statute in words', async () => {
    const token = await t.login('manager');
    const base = await t.gql<{
      allDiscretionBaselines: { id: string; tiers: { level: string; min: number; max: number }[] }[];
    }>(
      '{ allDiscretionBaselines(perPage: 1, sortField: "id", sortOrder: "ASC") { id tiers { level min max } } }',
      {},
      token,
    );
    const { id, tiers } = base.data!.allDiscretionBaselines[0];
    const standard = tiers.findIndex((x) => x.level === 'STANDARD');
    const page = await login('manager');
    await page.goto(`${t.url}/#/DiscretionBaseline/${id}`);
    const max = page.locator(`input[name="tiers.${standard}.max"]`);
    await max.waitFor();
    // Each tier's inputs are labelled in the UI's language, as the show page labels them.
    const form = await page.locator('form').innerText();
    // One line per label, the required mark (a thin space and *) set apart.
    const lines = form.split('\n').map((l) => l.replace(/[\s\u2009*]/g, ''));
    for (const words of ['档次', '罚款下限（元或倍数）', '罚款上限（元或倍数）', '适用情形'])
      expect(lines.filter((l) => l === words).length, words).toBe(tiers.length);
    expect(form).not.toMatch(/\b(Level|Min|Max|Conditions)\b/);
    // Past the statutory maximum (行政处罚法 Art. 34): refused, said in Chinese, nothing saved.
    await max.fill('86000000.5');
    await page.getByRole('button', { name: '保存' }).click();
    const refusal = page.getByText(/一般处罚档.*超出.*法定罚款幅度/).first();
    await refusal.waitFor();
    expect(await refusal.innerText()).not.toMatch(/outside the statutory range/);
    await page.screenshot({ path: path.join(SHOTS, 'baseline-refused.png') });
    const unchanged = await t.gql<{ DiscretionBaseline: { tiers: { level: string; max: number }[] } }>(
      `{ DiscretionBaseline(id: "${id}") { tiers { level max } } }`,
      {},
      token,
    );
    expect(unchanged.data!.DiscretionBaseline.tiers[standard].max).toBe(tiers[standard].max);
    // Inside the tier as it stood: saved.
    const inside = Math.round(((tiers[standard].min + tiers[standard].max) / 2) * 100) / 100;
    await max.fill(String(inside));
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(new RegExp(`#/DiscretionBaseline$`));
    // The list names its columns, the statute check among them (a computed column: not sortable).
    await page.getByRole('columnheader', { name: '须修订之处' }).waitFor();
    const headers = (await page.getByRole('columnheader').allInnerTexts()).map((h) => h.trim());
    expect(headers).toEqual(
      expect.arrayContaining(['违法行为', '施行日期', '失效日期', '来源', '须修订之处']),
    );
    await expect.poll(() => page.getByRole('button', { name: '须修订之处' }).count()).toBe(0);
    const after = await t.gql<{ DiscretionBaseline: { tiers: { level: string; max: number }[] } }>(
      `{ DiscretionBaseline(id: "${id}") { tiers { level max } } }`,
      {},
      token,
    );
    expect(after.data!.DiscretionBaseline.tiers[standard]).toEqual({ level: 'STANDARD', max: inside });
    await page.screenshot({ path: path.join(SHOTS, 'baseline-edited.png') });
    await page.close();
  });

  it('switches to English', async () => {
    const page = await login('admin');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByText('Welcome').waitFor();
    expect(await menu(page)).toContain('Cases');
    // The admin's own pages speak English too.
    await page.getByRole('menuitem', { name: 'Leniency check' }).click();
    await page.waitForURL(/#\/desk/);
    await page.locator('label', { hasText: 'Offence (type to search)' }).first().waitFor();
    expect(await page.locator('button[name="check"]').innerText()).toMatch(/check/i);
    await page.getByRole('menuitem', { name: 'Dashboard' }).click();
    await page.getByText('This month').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-english.png') });
    await page.close();
  });

  it('runs the offline GraphQL console under its policy', async () => {
    const page = await watchedPage();
    await page.goto(`${t.url}/graphql`);
    await page.fill('#p', 'lawcheck-demo');
    await page.click('#login');
    await page.getByText('admin (ADMIN)').waitFor();
    await page.click('#run');
    await page.locator('#out', { hasText: '"username": "admin"' }).waitFor();
    await page.close();
  });

  it('raised no Content-Security-Policy violation on any page', () => {
    expect(violations).toEqual([]);
  });
});
