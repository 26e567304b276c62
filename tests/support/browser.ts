import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../seeds/demo';

/** Logs a demo user in through the admin's login form on `page`, and waits for their home page. */
export async function logIn(page: Page, baseUrl: string, username: string): Promise<Page> {
  await page.goto(`${baseUrl}/`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await page.click('button[type="submit"]');
  await page.getByText('欢迎').first().waitFor();
  return page;
}

/**
 * Fills the desk (免罚轻罚查询): the offence found by `search` and picked by `pick`, the enterprise
 * picked by its name, and the dates (acted, discovered, decided).
 */
export async function fillDesk(
  page: Page,
  offence: { search: string; pick: RegExp },
  enterprise: string,
  dates: { offence: string; discovered: string; decision: string },
): Promise<void> {
  await page.locator('input[name="offence"]').fill(offence.search);
  await page.getByRole('option', { name: offence.pick }).first().click();
  await page.locator('input[name="enterprise"]').fill(enterprise);
  await page
    .getByRole('option', { name: new RegExp(enterprise) })
    .first()
    .click();
  await page.locator('input[name="offenceDate"]').fill(dates.offence);
  await page.locator('input[name="discoveredDate"]').fill(dates.discovered);
  await page.locator('input[name="decisionDate"]').fill(dates.decision);
}
