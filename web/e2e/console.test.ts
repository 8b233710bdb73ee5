// The console in a real browser against the real built server: sign in, see the grids drawn at the
// city level, drill down the division tree, check the map draws (WebGL on SwiftShader), and switch
// the language.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, launchBrowser, openPage } from './browser';
import { repoRoot, type RunningServer, startServer } from './server';

let server: RunningServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];

const canRun = browserAvailable();

beforeAll(async () => {
  if (!canRun) return;
  server = await startServer();
  browser = await launchBrowser();
  page = await openPage(browser, problems);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Counts the colours in a PNG (decoded by the browser) and how much of it is the highlight orange. */
async function pictureStats(png: Buffer): Promise<{ colours: number; orangeShare: number }> {
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, image.width, image.height);
    const colours = new Set<number>();
    let orange = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r = 0, g = 0, b = 0] = [data[i], data[i + 1], data[i + 2]];
      colours.add((r << 16) | (g << 8) | b);
      if (r - b > 30 && r > g && g > b) orange++;
    }
    return { colours: colours.size, orangeShare: orange / (data.length / 4) };
  }, png.toString('base64'));
}

function treeNode(name: string): Locator {
  return page.getByTestId('division-tree').getByText(name, { exact: true });
}

describe.runIf(canRun)('console', () => {
  test('signs in through the login page', async () => {
    await page.goto(`${server.baseUrl}/territory`);
    await page.waitForURL('**/login');
    await page.getByText('枣庄市网格化服务管理信息平台').waitFor();
    await page.getByTestId('demo-accounts').waitFor();
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('wangge-demo');
    await page.getByTestId('login-submit').click();
    await page.waitForURL('**/territory');
    expect(await page.getByTestId('user-menu').textContent()).toContain('系统管理员');
  });

  test('draws the grids of every district at the city level, from the vector tiles', async () => {
    // The administrator's jurisdiction is the whole city: the map opens on it.
    await page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 60_000 });
    const drawn = await page.evaluate(() => {
      const map = window.__wanggeMap;
      const rendered = map?.queryRenderedFeatures({ layers: ['grid-basic-fill', 'grid-dedicated-fill'] }) ?? [];
      const loaded = map?.querySourceFeatures('grids', { sourceLayer: 'grids' }) ?? [];
      return {
        rendered: new Set(rendered.map((f) => String(f.properties.code))).size,
        kinds: [...new Set(rendered.map((f) => String(f.properties.kind)))].sort(),
        districts: new Set(rendered.map((f) => String(f.properties.code).slice(0, 6))).size,
        microLoaded: loaded.some((f) => f.properties.kind === 'micro'),
      };
    });
    expect(drawn.rendered).toBeGreaterThan(1000);
    expect(drawn.kinds).toEqual(['basic', 'dedicated']);
    expect(drawn.districts).toBe(6);
    // Micro grids are in the tiles but drawn only when zoomed in; the legend says so.
    expect(drawn.microLoaded).toBe(true);
    const legend = page.getByTestId('grid-legend');
    await expect.poll(() => legend.textContent()).toContain('放大后显示');
    for (const words of ['基础网格', '专属网格', '微网格']) expect(await legend.textContent()).toContain(words);
    await mkdir(join(repoRoot, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'test-artifacts/territory-city.png') });
  });

  test('drills down the division tree and shows the district on the map', async () => {
    await treeNode('枣庄市').waitFor();
    await treeNode('市中区').click();
    await treeNode('中心街街道').click();
    await treeNode('铁西居委会').click();
    await expect.poll(() => page.getByTestId('division-card-name').textContent()).toBe('铁西居委会');
    expect(await page.getByTestId('division-card').textContent()).toContain('370402001013');

    // 铁西居委会 lies in 市中区: that outline is highlighted and the map has settled on it.
    await expect.poll(() => page.getByTestId('territory-map').getAttribute('data-highlight')).toBe('370402000000');
    await page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 60_000 });
    expect(await page.evaluate(() => window.__wanggeMap?.getLayer('outline-highlight-fill') !== undefined)).toBe(true);

    const stats = await pictureStats(await page.getByTestId('territory-map').locator('canvas').screenshot());
    expect(stats.colours).toBeGreaterThan(10);
    expect(stats.orangeShare).toBeGreaterThan(0.05);

    await mkdir(join(repoRoot, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'test-artifacts/territory.png') });
  });

  test('draws the grids of the selected community and opens a grid card', async () => {
    // 铁西居委会 is still selected: its basic, micro and dedicated grids are drawn, with a legend.
    await page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 60_000 });
    const legend = page.getByTestId('grid-legend');
    await legend.waitFor();
    expect(await legend.textContent()).toContain('基础网格');
    expect(await legend.textContent()).toContain('微网格');
    const drawn = await page.evaluate(() => {
      const map = window.__wanggeMap;
      const features = map?.querySourceFeatures('grids', { sourceLayer: 'grids' }) ?? [];
      return { count: features.length, basic: features.some((f) => f.properties.code === '3704020010131001') };
    });
    expect(drawn.count).toBeGreaterThan(0);
    expect(drawn.basic).toBe(true);

    // Search by code: the map flies to the grid and its card opens.
    await page.getByTestId('grid-search-input').locator('input').fill('3704020010131001');
    await page.getByTestId('grid-option-3704020010131001').click();
    const code = page.getByTestId('grid-card-code');
    await expect.poll(() => code.textContent()).toBe('3704020010131001');
    const card = page.getByTestId('grid-card-body');
    await expect.poll(() => card.textContent()).toContain('铁西居委会第1网格');
    const text = (await card.textContent()) ?? '';
    for (const words of ['基础网格', '中心街街道', '铁西居委会', '网格长', '网格指导员', '网格员', '微网格数', '至今']) expect(text).toContain(words);
    await page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 60_000 });
    // The drawer has finished sliding in.
    await page.waitForFunction(() => !document.querySelector('.grid-card-drawer [class*="motion"]'), null, { timeout: 10_000 });
    await mkdir(join(repoRoot, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'test-artifacts/territory-grids.png') });

    // Clicking the map where that grid lies opens the card of it or of one of its micro grids.
    await page
      .getByTestId('grid-card')
      .getByRole('button', { name: /close|关闭/i })
      .click();
    await page.getByTestId('grid-card-body').waitFor({ state: 'detached' });
    const point = await page.evaluate(async () => {
      const map = window.__wanggeMap;
      const card = (await (await fetch('/api/grids/3704020010131001')).json()) as { label: [number, number] };
      const hit = map?.querySourceFeatures('grids', { sourceLayer: 'grids' }).find((f) => f.properties.code === '3704020010131001');
      if (!map || !hit) return null;
      const rect = map.getCanvas().getBoundingClientRect();
      const projected = map.project(card.label);
      const layers = ['grid-dedicated-fill', 'grid-micro-fill', 'grid-basic-fill'];
      const codes = map.queryRenderedFeatures(projected, { layers }).map((f) => String(f.properties.code));
      return { x: rect.left + projected.x, y: rect.top + projected.y, codes };
    });
    expect(point).not.toBeNull();
    await page.mouse.click(point?.x ?? 0, point?.y ?? 0);
    // The label point of 3704020010131001 lies in it and maybe in one of its micro grids or a dedicated grid.
    expect(point?.codes).toContain('3704020010131001');
    await expect.poll(() => code.textContent()).toMatch(/^\d{16}(\d{2})?$/);
    expect(point?.codes).toContain(await code.textContent());
    await page
      .getByTestId('grid-card')
      .getByRole('button', { name: /close|关闭/i })
      .click();
    await page.getByTestId('grid-card-body').waitFor({ state: 'detached' });
  });

  test('switches to English and keeps the choice', async () => {
    const menu = page.getByTestId('console-menu');
    expect(await menu.textContent()).toContain('辖区');
    await page.getByTestId('language-switch').getByText('English', { exact: true }).click();
    await menu.getByText('Territory', { exact: true }).waitFor();
    expect(await menu.textContent()).not.toContain('辖区');
    expect(await page.getByTestId('division-card').textContent()).toContain("Residents' committee");

    await page.reload();
    await page.getByTestId('console-menu').getByText('Territory', { exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 60_000 });
    await page.screenshot({ path: join(repoRoot, 'test-artifacts/territory-en.png') });
  });

  test('left nothing in the console', () => {
    expect(problems).toEqual([]);
  });
});
