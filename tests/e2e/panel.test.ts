import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../server/services/pdf';
import { messages } from '../../admin/src/i18n';
import { ENUM_LABELS } from '../../admin/src/i18n/domain';
import { RULE_LABELS } from '../../server/domain/labels';
import { makeCreditCode } from '../../server/domain/creditCode';
import { RESOURCES } from '../../admin/src/resources';
import { startTestServer, type TestServer } from '../support/server';
import { fillDesk, logIn } from '../support/browser';

/*
 * The panel as people see it: every resource's list has its column headers and every show page
 * its field labels, in Chinese; no enum code shows where a word should; the audit trail loads;
 * publishing asks first; a phone gets a one-column page. Screenshots of every page go to
 * test-results/screenshots (gitignored) for review.
 */
const SHOTS = path.resolve('test-results', 'screenshots');
const zh = messages.zh as unknown as {
  resources: Record<string, { name: string; fields: Record<string, string> }>;
};
const label = (resource: string, field: string) => zh.resources[resource].fields[field];

/**
 * Every code that must never reach a page where a word should be: each value of each domain enum
 * (STANDARD, FIRST_OFFENCE_NO_PENALTY, NOT_APPLICABLE…) and each rule of a decision's trace
 * (TIME_LIMIT, ART37…), taken from the one source of their words, server/domain/labels.ts.
 */
const CODES = [
  ...new Set([
    ...Object.values(ENUM_LABELS).flatMap((values) => Object.keys(values)),
    ...Object.keys(RULE_LABELS),
  ]),
].filter((code) => code.length > 3 && /^[A-Z0-9_]+$/.test(code));
const rawCodes = (text: string) =>
  CODES.filter((c) => new RegExp(`(^|[^A-Za-z_])${c}([^A-Za-z_]|$)`).test(text));

describe('the panel, looked at', () => {
  let t: TestServer;
  let browser: Browser;
  /** Requests any page of the run made to a host other than the server (telemetry, CDNs): none. */
  const foreign: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestServer('sqlite', { cases: 300 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  async function login(username: string, viewport = { width: 1366, height: 900 }): Promise<Page> {
    const page = await browser.newPage({ viewport, locale: 'zh-CN' });
    page.on('request', (req) => {
      const url = req.url();
      if (!url.startsWith(t.url) && !/^(data|blob):/.test(url)) foreign.push(url);
    });
    // A call the page's Content-Security-Policy blocks never reaches the network (no request
    // event): the browser reports it as a console error instead, so count those as calls too.
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) foreign.push(msg.text());
    });
    return logIn(page, t.url, username);
  }

  it('labels every column of every list and every field of every show page, in Chinese', async () => {
    const page = await login('admin');
    const problems: string[] = [];
    for (const r of RESOURCES) {
      await page.goto(`${t.url}/#/${r.name}`);
      await page.locator('.RaList-main').first().waitFor();
      // Real rows or the empty state, not the placeholder shown while loading.
      await page
        .locator('tbody tr td a, tbody tr.RaDatagrid-row, .RaEmpty-message, .RaList-noResults')
        .first()
        .waitFor();
      const headers = (await page.locator('thead th').allInnerTexts()).map((h) => h.trim()).filter(Boolean);
      for (const f of r.fields.filter((f) => f.list && !f.writeOnly))
        if (!headers.includes(label(r.name, f.source)))
          problems.push(`${r.name} list: no column “${label(r.name, f.source)}” (has ${headers.join('|')})`);
      const sidebar = await page
        .getByTestId('filter-sidebar')
        .waitFor({ timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      if (!sidebar) problems.push(`${r.name} list: no filter sidebar`);
      await page.screenshot({ path: path.join(SHOTS, `list-${r.name}.png`), fullPage: true });

      const first = page.locator('tbody tr.RaDatagrid-row').first();
      if (!(await first.count())) {
        problems.push(`${r.name}: no record to show`);
        continue;
      }
      // Click a cell that is not a link to another record.
      const plain = r.fields.find((f) => f.list && f.type !== 'ref' && f.type !== 'changes');
      await (plain ? first.locator(`td.column-${plain.source}`) : first).click();
      await page.waitForURL(new RegExp(`/${r.name}/[^/]+/show`));
      await page.waitForLoadState('networkidle');
      const main = page.locator('#main-content');
      if (!['CheckupReport', 'LeniencyList'].includes(r.name))
        for (const f of r.fields.filter((f) => !f.writeOnly)) {
          const wanted = label(r.name, f.source);
          const seen = await main
            .getByText(wanted, { exact: true })
            .first()
            .waitFor({ timeout: 5_000 })
            .then(() => true)
            .catch(() => false);
          if (!seen) problems.push(`${r.name} show: no label “${wanted}”`);
        }
      const shown = await main.innerText();
      const codes = rawCodes(shown);
      if (codes.length) problems.push(`${r.name} show: raw codes ${codes.join(', ')}`);
      await page.screenshot({ path: path.join(SHOTS, `show-${r.name}.png`), fullPage: true });
    }
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);

  it('offers each filter in words, with dates by meaning', async () => {
    const page = await login('manager');
    await page.goto(`${t.url}/#/PenaltyCase`);
    const sidebar = page.getByTestId('filter-sidebar');
    for (const facet of ['执法部门', '旗县区', '处理结果', '状态', '决定日期'])
      await sidebar.getByText(facet, { exact: true }).first().waitFor();
    await sidebar.getByText('今年').first().waitFor();
    await page.locator('.add-filter').first().click();
    const filterMenu = page.locator('.MuiMenu-paper').filter({ visible: true });
    // react-admin's filter menu entries are checkboxes (role menuitemcheckbox).
    await filterMenu.locator('[role^="menuitem"]').first().waitFor();
    const menu = (await filterMenu.locator('[role^="menuitem"]').allInnerTexts()).map((s) => s.trim());
    for (const item of ['企业', '违法行为', '决定日期 起', '决定日期 止']) expect(menu).toContain(item);
    expect(menu.filter((m) => !m)).toEqual([]);
    expect(menu.join('|')).not.toMatch(/gte|lte/i);
    await page.keyboard.press('Escape');
    // A facet filters the list: 不予处罚 only.
    await sidebar.getByText('不予处罚', { exact: true }).first().click();
    await page.waitForURL(/outcome/);
    // Once the list has reloaded, every row is 不予处罚.
    await expect
      .poll(
        async () => [
          ...new Set(
            (await page.locator('tbody tr.RaDatagrid-row td.column-outcome').allInnerTexts()).map((o) =>
              o.trim(),
            ),
          ),
        ],
        { timeout: 20_000 },
      )
      .toEqual(['不予处罚']);
    await page.screenshot({ path: path.join(SHOTS, 'filter-cases.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('loads the audit trail in words, filtered by resource, and each record’s history', async () => {
    const page = await login('admin');
    await page.goto(`${t.url}/#/AuditEntry`);
    await page.locator('tbody tr.RaDatagrid-row').first().waitFor();
    const body = await page.locator('.RaList-main').innerText();
    expect(body).not.toContain('Cannot return null');
    expect(rawCodes(body)).toEqual([]);
    expect(await page.locator('tbody tr.RaDatagrid-row').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, 'audit.png'), fullPage: true });

    // A change made now shows in the district's history tab, before → after in words.
    const token = await t.login('admin');
    const before = await t.gql<{ District: { name: string } }>('{ District(id: "1") { name } }', {}, token);
    const name = before.data!.District.name;
    await t.gql(`mutation { updateDistrict(id: "1", name: "${name}（测）") { id } }`, {}, token);
    await page.goto(`${t.url}/#/District/1/show/history`);
    const history = page.getByTestId('history');
    await history.waitFor();
    expect(await history.innerText()).toContain(`名称：${name} → ${name}（测）`);
    await t.gql(`mutation { updateDistrict(id: "1", name: "${name}") { id } }`, {}, token);
    await page.screenshot({ path: path.join(SHOTS, 'history-district.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('creates a user who can log in, and says the password rule before submitting', async () => {
    const page = await login('admin');
    await page.goto(`${t.url}/#/User/create`);
    await page.getByText('至少8位').first().waitFor();
    await page.getByLabel('用户名').fill('officer.e2e');
    await page.getByLabel('姓名').fill('测试执法员');
    await page.getByLabel('角色').click();
    await page.getByRole('option', { name: '律师' }).click();
    await page.getByLabel('新密码').fill('short');
    await page.getByLabel('新密码').blur();
    await page.getByText('至少8位').first().waitFor();
    await page.getByLabel('新密码').fill('lawcheck-e2e-1');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/User\/\d+\/show/);
    const res = await t.gql<{ login: { user: { active: boolean } } }>(
      'mutation { login(username: "officer.e2e", password: "lawcheck-e2e-1") { user { active } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.login.user.active).toBe(true);
    await page.close();
  }, 120_000);

  it('says errors in the UI’s language only, naming the field by its label', async () => {
    const page = await login('admin');
    await page.goto(`${t.url}/#/District/create`);
    await page.getByLabel('名称').fill('重复区');
    await page.getByLabel('行政区划代码').fill('150203');
    await page.getByRole('button', { name: '保存' }).click();
    const alert = page.locator('.MuiSnackbarContent-message, [role="alert"]').first();
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toMatch(/[\u4e00-\u9fff]/);
    expect(text).not.toMatch(/[A-Za-z]{4,}/);
    await page.close();
  }, 120_000);

  it('fits a phone: lists as one column of records, no table', async () => {
    const page = await login('officer', { width: 390, height: 844 });
    await page.goto(`${t.url}/#/PenaltyCase`);
    await page.getByTestId('mobile-list').first().waitFor();
    expect(await page.locator('table').count()).toBe(0);
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'phone-cases.png'), fullPage: true });
    await page.goto(`${t.url}/#/desk`);
    await page.getByText('违法行为（输入关键词查找）').first().waitFor();
    const deskWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(deskWidth).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'phone-desk.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('the desk: rules in words with 符合/不符合/不适用, the conditions as a checklist, no raw codes', async () => {
    // A new enterprise: no earlier case, so nothing but the unconfirmed conditions stands between
    // it and the lists' items for 不明码标价 (city list: 不予处罚; the province's: 首违不罚).
    const admin = await t.login('admin');
    const name = '桌面核对测试商行';
    const created = await t.gql<{ createEnterprise: { id: string } }>(
      'mutation($c: String!, $n: String!) { createEnterprise(creditCode: $c, name: $n, districtId: "1") { id } }',
      { c: makeCreditCode('92', '150203', '7706E2E1'), n: name },
      admin,
    );
    expect(created.errors).toBeUndefined();
    const page = await login('officer');
    await page.goto(`${t.url}/#/desk`);
    await fillDesk(page, { search: '明码标价', pick: /不明码标价/ }, name, {
      offence: '2026-11-01',
      discovered: '2026-11-02',
      decision: '2026-11-10',
    });
    // Each date field is wide enough for the whole date.
    for (const k of ['offenceDate', 'offenceEndDate', 'discoveredDate', 'decisionDate'])
      expect((await page.locator(`input[name="${k}"]`).boundingBox())!.width).toBeGreaterThan(140);
    await page.locator('button[name="check"]').click();
    const outcome = page.getByTestId('outcome');
    await outcome.waitFor();
    expect(await outcome.innerText()).toBe('一般处罚');

    // The trace: every rule by its name, every state one of the three words; a real 不适用 where
    // the law says so (the same rules on the act and decision dates: no Art. 37 comparison).
    const rows = page.getByTestId('reasons').locator('tbody tr');
    const trace: [string, string][] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const cells = rows.nth(i).locator('td');
      trace.push([(await cells.nth(0).innerText()).trim(), (await cells.nth(1).innerText()).trim()]);
    }
    const names = Object.values(RULE_LABELS).map((p) => p[0] as string);
    const states = Object.values(ENUM_LABELS.RuleStatus).map((p) => p[0] as string);
    expect(trace.length).toBeGreaterThan(3);
    for (const [rule, state] of trace) {
      expect(names).toContain(rule);
      expect(states).toContain(state);
    }
    const stateOf = (rule: string) => trace.find(([r]) => r === rule)?.[1];
    expect(stateOf('追责时效')).toBe('符合');
    expect(stateOf('从旧兼从轻')).toBe('不适用');
    expect(stateOf('无主观过错')).toBe('不符合');
    // The server says the same for the same facts.
    const api = await t.gql<{ checkLeniency: { reasons: { rule: string; status: string }[] } }>(
      `query($e: ID!) { checkLeniency(input: { enterpriseId: $e, offenceId: "${await offenceId('SCJG-007')}", offenceDate: "2026-11-01",
        discoveredDate: "2026-11-02", decisionDate: "2026-11-10", harm: NONE, corrected: true }) { reasons { rule status } } }`,
      { e: created.data!.createEnterprise.id },
      await t.login('officer'),
    );
    expect(trace.map(([, state]) => state)).toEqual(
      api.data!.checkLeniency.reasons.map((r) => ENUM_LABELS.RuleStatus[r.status as 'MET'][0]),
    );

    // The checklist: both series' items, each condition with its state, and why not in words.
    const checklist = page.getByTestId('conditions');
    expect(await checklist.getByTestId('condition-item').count()).toBeGreaterThanOrEqual(2);
    const listText = await checklist.innerText();
    expect(listText).toContain('全部满足');
    expect(listText).toContain('尚待确认');
    expect(listText).toContain('未造成价格欺诈或者损害消费者权益后果');
    await page.screenshot({ path: path.join(SHOTS, 'desk-checklist.png'), fullPage: true });
    const main = page.locator('#main-content');
    expect(rawCodes(await main.innerText())).toEqual([]);

    // Ticking the city item's condition re-runs the check: 不予处罚 (应当), under that item.
    await checklist.getByLabel(/未造成价格欺诈或者损害消费者权益后果/).check();
    await expect.poll(() => outcome.innerText(), { timeout: 15_000 }).toBe('不予处罚');
    const item = checklist.getByTestId('condition-item').filter({ hasText: '未造成价格欺诈' });
    await item.getByText('已确认', { exact: true }).waitFor();
    await item.getByText('本项适用').waitFor();
    expect(await page.getByTestId('decision').innerText()).toContain('轻微违法不予处罚');
    const after = await page.getByTestId('reasons').innerText();
    expect(after).toContain('不适用'); // no fine to grade: the baseline does not apply
    expect(rawCodes(await main.innerText())).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'desk-lenient.png'), fullPage: true });

    // Below 600 px: one column, the trace as cards, nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('reasons').locator('.MuiCard-root').first().waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(rawCodes(await main.innerText())).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'phone-desk-decision.png'), fullPage: true });

    // One language at a time: in English the rules, their states, the outcome and the checklist
    // speak English (the server's citations and details stay the Chinese of the decision).
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByText('Offence (type to search)').first().waitFor();
    // The language changes and what the officer entered stays (react-admin remounts the page).
    expect(await page.locator('input[name="enterprise"]').inputValue()).toContain(name);
    expect(await page.locator('input[name="offence"]').inputValue()).toContain('明码标价');
    expect(await page.locator('input[name="offenceDate"]').inputValue()).toBe('2026-11-01');
    expect(await page.locator('input[name="decisionDate"]').inputValue()).toBe('2026-11-10');
    await expect.poll(() => outcome.innerText()).toBe('No penalty');
    // So it does when the officer looks at another page and comes back.
    await page.goto(`${t.url}/#/PenaltyCase`);
    await page.locator('table').first().waitFor();
    await page.goto(`${t.url}/#/desk`);
    await expect.poll(() => outcome.innerText()).toBe('No penalty');
    // Unticking the condition re-runs the check: the standard penalty, in English.
    await page
      .getByTestId('conditions')
      .getByLabel(/未造成价格欺诈或者损害消费者权益后果/)
      .uncheck();
    await expect.poll(() => outcome.innerText(), { timeout: 15_000 }).toBe('Standard');
    await page.getByTestId('conditions').getByText('Left to confirm', { exact: true }).first().waitFor();
    const englishRows = page.getByTestId('reasons').locator('tbody tr');
    const englishNames = Object.values(RULE_LABELS).map((p) => p[1] as string);
    const englishStates = Object.values(ENUM_LABELS.RuleStatus).map((p) => p[1] as string);
    for (let i = 0; i < (await englishRows.count()); i++) {
      const cells = englishRows.nth(i).locator('td');
      expect(englishNames).toContain((await cells.nth(0).innerText()).trim());
      expect(englishStates).toContain((await cells.nth(1).innerText()).trim());
    }
    expect(rawCodes(await main.innerText())).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'desk-english.png'), fullPage: true });
    await page.close();
  }, 180_000);

  async function offenceId(code: string): Promise<string> {
    const res = await t.gql<{ allOffences: { id: string }[] }>(
      `{ allOffences(filter: { code: "${code}" }) { id } }`,
      {},
      await t.login('officer'),
    );
    return res.data!.allOffences[0].id;
  }

  it('calls no host but its own from any page (no telemetry, no CDN)', () => {
    expect(foreign).toEqual([]);
  });
});
