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
