import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayIso } from '../../server/domain/dates';
import { launchChromium } from '../../server/services/pdf';
import { ENUM_LABELS } from '../../admin/src/i18n/domain';
import { startTestServer, type TestServer } from '../support/server';
import { logIn } from '../support/browser';

/*
 * The lawyer's day in the panel (issue #13, point 8): the home page's pending work by report
 * number and enterprise name; a report's findings added and edited in place with every field
 * (a linked offence brings the list hint), removal asked first, the server's refusals under the
 * field in Chinese only; scope and conclusion edited in place; after submission, all read-only.
 * Screenshots go to test-results/screenshots.
 */
const SHOTS = path.resolve('test-results', 'screenshots');
const CODES = [...new Set(Object.values(ENUM_LABELS).flatMap((values) => Object.keys(values)))].filter(
  (code) => code.length > 3 && /^[A-Z0-9_]+$/.test(code),
);
const rawCodes = (text: string) =>
  CODES.filter((c) => new RegExp(`(^|[^A-Za-z_])${c}([^A-Za-z_]|$)`).test(text));

describe('the lawyer’s report screen and home page', () => {
  let t: TestServer;
  let browser: Browser;
  let lawyerToken: string;
  let enterpriseName: string;
  const today = todayIso();
  const report = { draft: { id: '', title: '' }, returned: { id: '', title: '' } };

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestServer('sqlite', { cases: 50 });
    browser = await launchChromium();
    lawyerToken = await t.login('lawyer');
    const managerToken = await t.login('manager');
    const gql = async <T>(query: string, token = lawyerToken, variables: Record<string, unknown> = {}) => {
      const res = await t.gql<T>(query, variables, token);
      expect(res.errors).toBeUndefined();
      return res.data!;
    };
    const e = await gql<{ Enterprise: { name: string } }>('{ Enterprise(id: "5") { name } }');
    enterpriseName = e.Enterprise.name;
    // A draft to work on, and a report the manager returned, with a finding long overdue (the card
    // shows the most urgent first, and the demo lawyer has findings due of their own).
    for (const kind of ['draft', 'returned'] as const) {
      const c = await gql<{ createCheckupReport: { id: string; title: string } }>(
        `mutation { createCheckupReport(enterpriseId: "5", checkDate: "${today}", summary: "初稿结论") { id title } }`,
      );
      report[kind] = c.createCheckupReport;
    }
    await gql(
      `mutation($d: Date!) { createReportFinding(reportId: "${report.returned.id}", category: LABOUR, riskLevel: SIGNIFICANT, description: "未按时足额支付加班工资", deadline: $d) { id } }`,
      lawyerToken,
      { d: addDays(today, -1000) },
    );
    await gql(`mutation { submitReport(id: "${report.returned.id}") { id } }`);
    await gql(
      `mutation { returnReport(id: "${report.returned.id}", comment: "请补充加班工资的计算依据") { id } }`,
      managerToken,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  async function login(username: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    return logIn(page, t.url, username);
  }

  it('shows the lawyer’s drafts, returned reports and findings due, by number and enterprise name', async () => {
    expect(report.draft.title).toMatch(new RegExp(`^TJ-${today.slice(0, 4)}-\\d{5} ${enterpriseName}$`));
    const page = await login('lawyer');
    const drafts = page.getByTestId('pending-draftReports');
    const returned = page.getByTestId('pending-returnedReports');
    const due = page.getByTestId('pending-findingsDue');
    await drafts.getByText('草稿报告', { exact: true }).waitFor();
    await returned.getByText('被退回的报告', { exact: true }).waitFor();
    await due.getByText('整改期限将至的发现（30日内）', { exact: true }).waitFor();
    await drafts.getByText(report.draft.title, { exact: true }).waitFor();
    await returned.getByText(report.returned.title, { exact: true }).waitFor();
    await returned.getByText('请补充加班工资的计算依据').waitFor();
    const finding = due.locator('li, a').filter({ hasText: '未按时足额支付加班工资' }).first();
    await finding.waitFor();
    // Its deadline and its report, by number and name (the report's title loads by reference).
    await finding.getByText(report.returned.title).waitFor();
    expect(await finding.innerText()).toContain(`已逾期（期限 ${addDays(today, -1000)}）`);
    const cards = await page.getByTestId('pending-work').innerText();
    expect(cards).not.toMatch(/#\d+/);
    expect(rawCodes(cards)).toEqual([]);
    expect(cards).not.toMatch(/\bundefined\b|\bnull\b/);
    await page.screenshot({ path: path.join(SHOTS, 'home-lawyer.png'), fullPage: true });
    // A finding opens its report, where it is worked on.
    await finding.click();
    await page.waitForURL(new RegExp(`/CheckupReport/${report.returned.id}/show`));
    await page.getByTestId('report-number').waitFor();
    await page.close();
  }, 120_000);

  it('adds and edits findings in place, asks before removing one, edits scope and conclusion, then locks on submission', async () => {
    const page = await login('lawyer');
    await page.goto(`${t.url}/#/CheckupReport/${report.draft.id}/show`);
    await page.getByTestId('report-number').waitFor();
    expect(await page.getByTestId('report-number').innerText()).toBe(report.draft.title.split(' ')[0]);
    const form = page.getByTestId('new-finding');
    // Every field of a finding is on the form, labelled.
    await form.locator('label').first().waitFor();
    const labels = (await form.locator('label').allInnerTexts()).map((l) => l.replace(/[\s*]+$/, '').trim());
    // (The two selects are named by their labels as comboboxes.)
    for (const l of ['类别', '风险等级']) await form.getByRole('combobox', { name: l }).waitFor();
    for (const l of [
      '关联违法行为',
      '发现的问题',
      '法律依据',
      '整改建议',
      '整改期限',
      '已整改',
      '整改日期',
      '整改说明',
    ])
      expect(labels).toContain(l);

    // Add one with a linked offence: the list hint and the qualification appear with it.
    await form.getByRole('combobox', { name: '风险等级' }).click();
    await page.getByRole('option', { name: '重大', exact: true }).click();
    await form.getByRole('combobox', { name: '类别' }).click();
    await page.getByRole('option', { name: '税务', exact: true }).click();
    await form.locator('textarea[name="description"]').fill('新开立银行账户未向税务机关报告');
    await form.locator('textarea[name="legalBasis"]').fill('《中华人民共和国税收征收管理法》第十七条');
    await form.locator('textarea[name="recommendation"]').fill('十五日内补报全部银行账号');
    await form.locator('input[name="deadline"]').fill(addDays(today, 20));
    await form.locator('input[name="offence"]').fill('银行账号');
    await page.getByRole('option').filter({ hasText: 'SWJ-001' }).first().click();
    await form.locator('button[name="add-finding"]').click();
    const row = page.getByTestId('finding').filter({ hasText: '新开立银行账户未向税务机关报告' });
    await row.waitFor();
    expect(await row.getByTestId('hint').innerText()).toContain('首违不罚');
    await row.getByTestId('qualification').waitFor();
    expect(await row.getByTestId('finding-offence').innerText()).toContain(
      '纳税人未按照规定将其全部银行账号向税务机关报送',
    );
    expect(await row.getByTestId('finding-deadline').innerText()).toBe(addDays(today, 20));
    const rowText = await row.innerText();
    for (const word of ['重大', '税务', '十五日内补报全部银行账号', '未整改'])
      expect(rowText).toContain(word);
    // The form is empty again for the next one.
    expect(await form.locator('textarea[name="description"]').inputValue()).toBe('');
    await page.screenshot({ path: path.join(SHOTS, 'report-lawyer-finding-added.png'), fullPage: true });

    // Edit it in place: a refused value is explained under its field, in Chinese only.
    await row.locator('button[name="edit-finding"]').click();
    const edit = page.getByTestId('edit-finding');
    await edit.waitFor();
    expect(await edit.locator('input[name="offence"]').inputValue()).toContain('SWJ-001');
    await edit.locator('textarea[name="description"]').fill('长'.repeat(4001));
    await edit.locator('button[name="save-finding"]').click();
    const helper = edit.locator('.MuiFormHelperText-root.Mui-error');
    await helper.waitFor();
    const said = await helper.innerText();
    expect(said).toContain('4000');
    expect(said).not.toMatch(/[A-Za-z]{3,}/);
    await page.screenshot({ path: path.join(SHOTS, 'report-lawyer-field-error.png'), fullPage: true });
    await edit.locator('textarea[name="description"]').fill('新开立银行账户未向税务机关报告');
    await edit.locator('input[name="deadline"]').fill(addDays(today, 10));
    await edit.locator('button[name="save-finding"]').click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => row.getByTestId('finding-deadline').innerText()).toBe(addDays(today, 10));
    // The hint stays with the linked offence.
    expect(await row.getByTestId('hint').innerText()).toContain('首违不罚');

    // A second finding, then its removal: asked first, cancel keeps it, confirm removes it.
    await form.locator('textarea[name="description"]').fill('临时记录，稍后删除');
    await form.locator('button[name="add-finding"]').click();
    const extra = page.getByTestId('finding').filter({ hasText: '临时记录，稍后删除' });
    await extra.waitFor();
    await extra.locator('button[name="delete-finding"]').click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText('删除这条体检发现？').waitFor();
    expect(await confirm.innerText()).toContain('临时记录，稍后删除');
    await page.screenshot({ path: path.join(SHOTS, 'report-lawyer-delete-confirm.png'), fullPage: true });
    await confirm.locator('button[name="cancel-delete"]').click();
    await confirm.waitFor({ state: 'detached' });
    expect(await extra.count()).toBe(1);
    await extra.locator('button[name="delete-finding"]').click();
    await page.getByRole('dialog').locator('button[name="confirm-delete"]').click();
    await extra.waitFor({ state: 'detached' });
    expect(await page.getByTestId('finding').count()).toBe(1);

    // Scope and conclusion, in place.
    const content = page.getByTestId('report-content');
    await content.locator('button[name="edit-content"]').click();
    await content.locator('textarea[name="scope"]').fill('税务登记与账户管理、劳动用工');
    await content.locator('textarea[name="summary"]').fill('存在一项重大风险，应于期限内补报银行账号。');
    await content.locator('button[name="save-content"]').click();
    await content.getByTestId('report-scope').getByText('税务登记与账户管理、劳动用工').waitFor();
    await content
      .getByTestId('report-summary')
      .getByText('存在一项重大风险，应于期限内补报银行账号。')
      .waitFor();
    const saved = await t.gql<{ CheckupReport: { scope: string; summary: string; riskLevel: string } }>(
      `{ CheckupReport(id: "${report.draft.id}") { scope summary riskLevel } }`,
      {},
      lawyerToken,
    );
    expect(saved.data!.CheckupReport).toEqual({
      scope: '税务登记与账户管理、劳动用工',
      summary: '存在一项重大风险，应于期限内补报银行账号。',
      riskLevel: 'MAJOR',
    });
    await page.screenshot({ path: path.join(SHOTS, 'report-lawyer-draft.png'), fullPage: true });

    // Submitted, it is read-only: no form, no edit or remove buttons, the words as saved.
    await page.locator('button[name="submit"]').click();
    await page.getByTestId('report-status').getByText('已提交').waitFor();
    await page.getByTestId('new-finding').waitFor({ state: 'detached' });
    for (const button of ['edit-finding', 'delete-finding', 'add-finding', 'edit-content', 'submit'])
      expect(await page.locator(`button[name="${button}"]`).count()).toBe(0);
    expect(await page.locator('#main-content textarea, #main-content input[type="date"]').count()).toBe(0);
    await page.getByTestId('report-scope').getByText('税务登记与账户管理、劳动用工').waitFor();
    const shown = await page.locator('#main-content').innerText();
    expect(rawCodes(shown)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'report-lawyer-submitted.png'), fullPage: true });

    // 体检发现: the report by its number and the enterprise's name, never an id.
    await page.goto(
      `${t.url}/#/ReportFinding?filter=${encodeURIComponent(JSON.stringify({ reportId: report.draft.id }))}`,
    );
    const cell = page.locator('tbody tr.RaDatagrid-row td.column-reportId').first();
    await cell.getByText(report.draft.title).waitFor();
    const headers = (await page.locator('thead th').allInnerTexts()).map((h) => h.trim()).filter(Boolean);
    for (const h of ['报告', '类别', '风险等级', '发现的问题', '整改期限', '关联违法行为'])
      expect(headers).toContain(h);
    const list = await page.locator('.RaList-main').innerText();
    expect(list).not.toMatch(/#\d+/);
    expect(rawCodes(list)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'list-ReportFinding-lawyer.png'), fullPage: true });
    await page.close();
  }, 180_000);

  it('says a refused field in English only when the panel is in English', async () => {
    const page = await login('lawyer');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByText('Welcome').waitFor();
    await page.goto(`${t.url}/#/CheckupReport/${report.returned.id}/show`);
    const form = page.getByTestId('new-finding');
    await form.getByText('Add finding').first().waitFor();
    await form.locator('textarea[name="description"]').fill('x'.repeat(4001));
    await form.locator('button[name="add-finding"]').click();
    const helper = form.locator('.MuiFormHelperText-root.Mui-error');
    await helper.waitFor();
    const said = await helper.innerText();
    expect(said).toMatch(/4000/);
    expect(said).not.toMatch(/[\u4e00-\u9fff]/);
    await page.close();
  }, 60_000);
});
