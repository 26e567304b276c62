import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as E from '../../server/db/entities';
import { launchChromium } from '../../server/services/pdf';
import { startTestServer, type TestServer } from '../support/server';
import { logIn } from '../support/browser';

// The import page in the Chromium the server prints with: a file with bad rows shows its dry run,
// the rejected rows filter, and confirmation stays closed; a good file is confirmed and written.
const SHOTS = path.resolve('test-results', 'screenshots');
const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', 'import', name);

describe('the import page in a real browser', () => {
  let t: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestServer('sqlite', { cases: 100 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  async function login(username: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    return logIn(page, t.url, username);
  }

  it('shows the dry run of a list with bad rows, filters the rejected ones, and will not confirm it', async () => {
    const page = await login('manager');
    await page.getByText('导入清单与数据').click();
    await page.locator('input[name="file"]').setInputFiles(fixture('list-bad-rows.csv'));
    await page.fill('input[name="series"]', '浏览器坏行测试');
    await page.fill('input[name="version"]', '1.0');
    await page.fill('input[name="effectiveFrom"]', '2026-01-01');
    await page.click('button[name="dry-run"]');
    await page.getByTestId('import-summary').waitFor();
    expect(await page.getByTestId('import-summary').innerText()).toContain('拒绝5');
    expect(await page.locator('tr[data-action]').count()).toBe(6);
    await page.locator('input[name="only-rejected"]').check();
    expect(await page.locator('tr[data-action="REJECT"]').count()).toBe(5);
    expect(await page.locator('tr[data-action="CREATE"]').count()).toBe(0);
    await page.getByText('读不出罚款幅度').first().waitFor();
    expect(await page.locator('button[name="confirm"]').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'import-dry-run-rejected.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('confirms a clean file: the enterprises are written once', async () => {
    const page = await login('manager');
    await page.goto(`${t.url}/#/import`);
    await page.locator('div[role="combobox"]').first().click();
    await page.getByRole('option', { name: '企业名录' }).click();
    await page.locator('input[name="file"]').setInputFiles(fixture('enterprises-gbk.csv'));
    await page.click('button[name="dry-run"]');
    await page.getByTestId('import-summary').waitFor();
    expect(await page.getByTestId('import-summary').innerText()).toContain('新建3');
    await page.getByText('包头市青山导入测试物流有限公司').first().waitFor();
    await page.click('button[name="confirm"]');
    await page.getByTestId('import-done').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'import-confirmed.png'), fullPage: true });
    expect(await t.server.orm.em.fork().count(E.Enterprise, { name: { $like: '%导入测试%' } })).toBe(3);
    await page.close();
  }, 120_000);

  it('is not offered to officers', async () => {
    const page = await login('officer');
    expect(await page.getByText('导入清单与数据').count()).toBe(0);
    await page.close();
  }, 60_000);
});
