// The routing list (Art. 14) in a real browser: the city centre opens /routing with the demo list (no
// gaps), deletes the city-wide rule of a matter and sees the gap, writes a new rule in the form and the
// gap is gone; department staff read the list without the editing controls.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, chooseOption, launchBrowser, openPage, signIn } from './browser';
import { repoRoot, type RunningServer, startServer } from './server';

let server: RunningServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const canRun = browserAvailable();
const CITY = '370400000000';

beforeAll(async () => {
  if (!canRun) return;
  server = await startServer();
  browser = await launchBrowser();
  page = await openPage(browser, problems);
  // Tall enough for the whole list in one screenshot.
  await page.setViewportSize({ width: 1440, height: 1400 });
  await mkdir(join(repoRoot, 'test-artifacts'), { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens the division tree of `testId`, expands `path` node by node and picks `leaf` (the list is virtual: scroll to find). */
async function pickDivision(page: Page, testId: string, path: string[], leaf: string): Promise<void> {
  await page.getByTestId(testId).click();
  const tree = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree');
  const node = async (name: string) => {
    const found = tree.locator('.ant-select-tree-treenode').filter({ has: page.locator('.ant-select-tree-title', { hasText: new RegExp(`^${name}$`) }) });
    for (let i = 0; i < 40 && (await found.count()) === 0; i++) {
      await tree.locator('.ant-select-tree-list-holder').hover();
      await page.mouse.wheel(0, 120);
    }
    return found.first();
  };
  for (const name of path) {
    const n = await node(name);
    await n.locator('.ant-select-tree-switcher').click();
    await n.locator('.ant-select-tree-switcher_open').waitFor();
  }
  await (await node(leaf)).locator('.ant-select-tree-title').click();
  await page.getByTestId(testId).filter({ hasText: leaf }).waitFor();
}

describe.runIf(canRun)('routing list', () => {
  test('the city centre sees every published matter with its rules, and no gaps', async () => {
    await signIn(page, server.baseUrl, 'city');
    await page.getByTestId('console-menu').getByText('联动处置清单').click();
    await page.waitForURL('**/routing');
    await page.getByTestId('routing-ok').waitFor();
    expect(await page.getByTestId(`rule-SX-006-370402000000`).textContent()).toContain('市中区城市管理局');
    expect(await page.getByTestId(`rule-SX-010-${CITY}`).textContent()).toContain('枣庄市公安局');
  });

  test('deleting the only rule of a matter leaves a gap, shown above the list and on the row', async () => {
    await page.getByTestId(`rule-delete-SX-010-${CITY}`).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    const alert = page.getByTestId('routing-problems');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('SX-010 流动人口登记：枣庄市没有责任单位');
    expect(await page.getByTestId('gap-SX-010').textContent()).toContain('枣庄市');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(repoRoot, 'test-artifacts/routing-gap.png') });
  });

  test('a new city-wide rule written in the form closes the gap', async () => {
    await page.getByTestId('rule-add-SX-010').click();
    await page.getByTestId('rule-form').waitFor();
    // The scope starts at the reader's own division, the whole city.
    expect(await page.getByTestId('rule-scope').textContent()).toContain('枣庄市（全市）');
    await chooseOption(page, 'rule-lead', '枣庄市公安局');
    await page.getByTestId('rule-post').fill('流动人口管理岗');
    await page.getByTestId('rule-closing').fill('居住信息已登记核实。');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('routing-ok').waitFor();
    expect(await page.getByTestId('gap-SX-010').count()).toBe(0);
    const rule = await page.getByTestId(`rule-SX-010-${CITY}`).textContent();
    expect(rule).toContain('枣庄市公安局');
    expect(rule).toContain('处置 3工作日');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(repoRoot, 'test-artifacts/routing.png') });
  });

  test('the preview resolves a community to the most specific rule, with a due time per step', async () => {
    await chooseOption(page, 'resolve-matter', 'SX-006');
    await pickDivision(page, 'resolve-community', ['市中区', '中心街街道'], '铁西居委会');
    await page.getByTestId('resolve-run').click();
    const result = page.getByTestId('resolve-result');
    await result.waitFor();
    // 市中区's own rule beats the city-wide one.
    expect(await result.textContent()).toContain('市中区城市管理局');
    expect(await page.getByTestId('resolve-steps').locator('tr.ant-table-row').count()).toBe(5);
    await result.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(repoRoot, 'test-artifacts/routing-resolve.png') });
  });

  test('department staff read the list, without the editing controls', async () => {
    const reader = await openPage(browser, problems);
    await signIn(reader, server.baseUrl, 'police');
    await reader.goto(`${server.baseUrl}/routing`);
    await reader.getByTestId('routing-ok').waitFor();
    expect(await reader.getByTestId(`rule-SX-010-${CITY}`).textContent()).toContain('枣庄市公安局');
    expect(await reader.getByTestId('rule-add-SX-010').count()).toBe(0);
    expect(await reader.getByTestId(`rule-delete-SX-010-${CITY}`).count()).toBe(0);
    await reader.close();
  });

  test('logged no page errors', () => {
    expect(problems).toEqual([]);
  });
});
