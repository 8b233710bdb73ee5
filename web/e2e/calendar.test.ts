// The work calendar in a real browser: the city centre sees next year (2027 on 2026-12-04) flagged as having no schedule,
// imports the year's schedule from a file, and the warning goes; the grid then shows the new days.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, launchBrowser, openPage, signIn } from './browser';
import { repoRoot, type RunningServer, startServer } from './server';

let server: RunningServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const canRun = browserAvailable();

// Next year has no schedule in chinese-days yet (the package holds up to the current year).
const next = new Date().getFullYear() + 1;
const firstSaturdayOfFebruary = `${next}-02-${String(1 + ((6 - new Date(Date.UTC(next, 1, 1)).getUTCDay() + 7) % 7)).padStart(2, '0')}`;
const SCHEDULE = [
  `# ${next} 年部分节假日安排`,
  'date,kind,name',
  `${next}-01-01,holiday,元旦`,
  `${firstSaturdayOfFebruary},workday,春节`,
  `${next}-02-10,holiday,春节`,
  `${next}-02-11,休,春节`,
  '',
].join('\n');

beforeAll(async () => {
  if (!canRun) return;
  server = await startServer();
  browser = await launchBrowser();
  // The refused file is a 400 the page shows; the browser logs the failed request too.
  page = await openPage(browser, problems, (text) => text.includes('400'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.runIf(canRun)('work calendar', () => {
  test('the city centre sees next year flagged as having no schedule', async () => {
    await signIn(page, server.baseUrl, 'city');
    await page.getByTestId('console-menu').getByText('工作日历').click();
    await page.waitForURL('**/calendar');
    const warning = page.getByTestId('calendar-warning').filter({ hasText: `${next} 年尚无节假日安排` });
    await warning.waitFor();
    await page.getByTestId(`calendar-warning-open-${next}`).click();
    await page.getByTestId('year-warning').waitFor();
    expect(await page.getByTestId('calendar-year-status').getAttribute('data-status')).toBe('none');
    await mkdir(join(repoRoot, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'test-artifacts/calendar-no-schedule.png'), fullPage: true });
  });

  test('a file with a bad line is refused, naming the line, and changes nothing', async () => {
    const input = page.getByTestId('calendar-editor').locator('input[type=file]');
    await input.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('2027-01-01,holiday,元旦\n2027-13-01,holiday,元旦\n') });
    const error = page.getByTestId('calendar-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('第 2 行');
    expect(await page.getByTestId('calendar-warning').count()).toBe(1);
  });

  test('importing the schedule file clears the warning and shows the days', async () => {
    const input = page.getByTestId('calendar-editor').locator('input[type=file]');
    await input.setInputFiles({ name: `${next}.csv`, mimeType: 'text/csv', buffer: Buffer.from(SCHEDULE) });
    await page.getByTestId('year-warning').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=calendar-warning]').length === 0);
    expect(await page.getByTestId('calendar-year-status').getAttribute('data-status')).toBe('centre');
    expect(await page.locator(`[data-date="${next}-01-01"]`).getAttribute('data-kind')).toBe('holiday');
    expect(await page.locator(`[data-date="${firstSaturdayOfFebruary}"]`).getAttribute('data-kind')).toBe('makeupWorkday');
    expect(await page.locator(`[data-date="${next}-02-11"]`).getAttribute('data-kind')).toBe('holiday');
    expect(await page.getByTestId('calendar-error').count()).toBe(0);
    await mkdir(join(repoRoot, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'test-artifacts/calendar-imported.png'), fullPage: true });
  });

  test('a grid worker reads the calendar but has no editor', async () => {
    const worker = await browser.newPage();
    await signIn(worker, server.baseUrl, 'worker');
    await worker.goto(`${server.baseUrl}/calendar`);
    await worker.getByTestId('year-grid').waitFor();
    expect(await worker.getByTestId('calendar-editor').count()).toBe(0);
    expect(await worker.getByTestId('calendar-warning').count()).toBe(0);
    await worker.close();
  });

  test('logged no page errors', () => {
    expect(problems).toEqual([]);
  });
});
