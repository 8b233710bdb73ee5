// Art. 7 in the browser: a town centre redraws a grid into its neighbour and sees the overlap drawn
// on the map, turns the draft into a split drawn with the mouse, submits it; the city centre reviews
// before and after side by side and approves; the old code is retired.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, launchBrowser, openPage, signIn } from './browser';
import { repoRoot, type RunningServer, startServer } from './server';

let server: RunningServer;
let browser: Browser;
const problems: string[] = [];
const canRun = browserAvailable();

// 铁西居委会 (中心街街道, 市中区): three basic grids, each with micro grids, and three dedicated grids.
const community = '370402001013';
const first = '3704020010131001';
const second = '3704020010131002';

beforeAll(async () => {
  if (!canRun) return;
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const newPage = () => openPage(browser, problems);

/** Waits until a change map has its style, its grids and no pending tiles or animation. */
async function mapSettled(page: Page, name: string): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const map = window.__wanggeMaps?.[n];
      return !!map && map.loaded() && !map.isMoving() && map.querySourceFeatures('grids').length > 0;
    },
    name,
    { timeout: 60_000 },
  );
}

/** Screen position of a point on a change map. */
async function screenPoint(page: Page, name: string, lngLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([n, p]) => {
      const map = window.__wanggeMaps?.[n as string];
      if (!map) throw new Error(`no map ${n}`);
      const rect = map.getCanvas().getBoundingClientRect();
      const at = map.project(p as [number, number]);
      return { x: rect.left + at.x, y: rect.top + at.y };
    },
    [name, lngLat] as const,
  );
}

interface GridInfo {
  label: [number, number];
  ring: [number, number][];
}

async function gridInfo(page: Page, code: string): Promise<GridInfo> {
  return page.evaluate(async (c) => {
    const card = (await (await fetch(`/api/grids/${c}`)).json()) as { label: [number, number]; boundary: { type: string; coordinates: unknown } };
    const ring =
      (card.boundary.type === 'Polygon' ? (card.boundary.coordinates as number[][][])[0] : (card.boundary.coordinates as number[][][][])[0]?.[0]) ?? [];
    return { label: card.label, ring: ring as [number, number][] };
  }, code);
}

describe.runIf(canRun)('grid change editor and review', () => {
  let town: Page;
  let changeUrl = '';

  test('a redraw into the neighbouring grid is refused and the overlap is drawn on the map', async () => {
    town = await newPage();
    await signIn(town, server.baseUrl, 'zhongxinjie');
    await town.getByTestId('console-menu').getByText('网格变更', { exact: true }).click();
    await town.getByTestId('change-new').click();
    await town.waitForURL('**/grid-changes/new');
    await town.goto(`${server.baseUrl}/grid-changes/new?community=${community}`);
    await mapSettled(town, 'editor');

    // Micro grids lie over their basic grid: a click picks the kind chosen above the map.
    await town.getByTestId('change-kind').getByText('撤销', { exact: true }).click();
    await town.getByTestId('change-pick-kind').getByText('微网格', { exact: true }).click();
    const micro = await gridInfo(town, `${first}01`);
    const onMicro = await screenPoint(town, 'editor', micro.label);
    await town.mouse.click(onMicro.x, onMicro.y);
    await expect.poll(() => town.getByTestId('change-items').textContent()).toContain(`${first}01`);
    expect(await town.getByTestId('change-items').textContent()).not.toContain(`${first}撤销`);
    await town.getByTestId('tool-reset').click();
    await town.getByTestId('change-pick-kind').getByText('基础网格', { exact: true }).click();

    await town.getByTestId('change-kind').getByText('调整边界', { exact: true }).click();
    const a = await gridInfo(town, first);
    const b = await gridInfo(town, second);
    // Pick the second grid, then drag its vertex nearest the first grid's label point onto that point.
    const start = await screenPoint(town, 'editor', b.label);
    await town.mouse.click(start.x, start.y);
    await expect.poll(() => town.getByTestId('change-items').textContent()).toContain(second);
    const nearest = b.ring
      .slice(0, -1)
      .reduce((best, p) => (Math.hypot(p[0] - a.label[0], p[1] - a.label[1]) < Math.hypot(best[0] - a.label[0], best[1] - a.label[1]) ? p : best));
    const from = await screenPoint(town, 'editor', nearest);
    const to = await screenPoint(town, 'editor', a.label);
    await town.mouse.move(from.x, from.y);
    await town.mouse.down();
    for (let i = 1; i <= 10; i++) await town.mouse.move(from.x + ((to.x - from.x) * i) / 10, from.y + ((to.y - from.y) * i) / 10);
    await town.mouse.up();

    await town.getByTestId('change-reason').fill('铁西居委会第2网格向西扩展');
    await town.getByTestId('change-save').click();
    await town.waitForURL(/\/grid-changes\/[0-9a-f-]{36}$/);
    changeUrl = town.url();
    const summary = town.getByTestId('change-issue-summary');
    await expect.poll(() => summary.textContent()).toMatch(/[1-9]\d* 个问题/);
    expect(await town.getByTestId('change-issues').textContent()).toContain(first);
    expect(await town.getByTestId('change-submit').isDisabled()).toBe(true);
    // The overlap is on the map, in red, where the list says it is.
    await town.waitForFunction(() => (window.__wanggeMaps?.editor?.querySourceFeatures('problems').length ?? 0) > 0);
    await town.locator('.change-issue-link').first().click();
    await mapSettled(town, 'editor');
    const drawn = await town.evaluate(() => window.__wanggeMaps?.editor?.queryRenderedFeatures({ layers: ['problem-fill', 'problem-point'] }).length ?? 0);
    expect(drawn).toBeGreaterThan(0);
    await mkdir(join(repoRoot, 'test-artifacts'), { recursive: true });
    await town.screenshot({ path: join(repoRoot, 'test-artifacts/change-editor-problem.png') });
  });

  test('the corrected draft, a split drawn across the grid, passes and is submitted', async () => {
    await town.getByTestId('change-kind').getByText('拆分', { exact: true }).click();
    // Switching the kind of change clears the redraw: confirmed.
    await town
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await expect.poll(() => town.getByTestId('change-items').textContent()).toContain('尚无变更内容');
    const a = await gridInfo(town, first);
    // The view was flown to the overlap: bring the whole grid back into view.
    await town.evaluate((ring) => {
      const xs = ring.map((p) => p[0]);
      const ys = ring.map((p) => p[1]);
      window.__wanggeMaps?.editor?.fitBounds([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], { padding: 120, duration: 0 });
    }, a.ring);
    await mapSettled(town, 'editor');
    const at = await screenPoint(town, 'editor', a.label);
    await town.mouse.click(at.x, at.y);
    expect(await town.getByTestId('tool-split').isEnabled()).toBe(true);
    await town.getByTestId('tool-split').click();
    // A north–south line through the label point, from outside the grid to outside it.
    const ys = a.ring.map((p) => p[1]);
    const south = await screenPoint(town, 'editor', [a.label[0], Math.min(...ys) - 0.0005]);
    const north = await screenPoint(town, 'editor', [a.label[0], Math.max(...ys) + 0.0005]);
    await town.mouse.click(south.x, south.y);
    await town.mouse.move(north.x, north.y, { steps: 5 });
    await town.mouse.click(north.x, north.y);
    await town.mouse.click(north.x, north.y);
    const items = town.getByTestId('change-items');
    const names = () => items.locator('input[aria-label="网格名称"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    await expect.poll(names).toEqual(['铁西居委会第1网格-1', '铁西居委会第1网格-2']);
    // The grid is retired with its three micro grids.
    expect((await items.textContent())?.match(/撤销/g)).toHaveLength(4);
    expect(await items.textContent()).toContain(first);

    await town.getByTestId('change-reason').fill('铁西居委会第1网格户数过多，沿中心街拆分为两个网格');
    await town.getByTestId('change-save').click();
    await town.getByTestId('change-valid').or(town.getByTestId('change-issue-summary')).waitFor();
    const verdict = async () => ((await town.getByTestId('change-issue-summary').or(town.getByTestId('change-valid')).textContent()) ?? '').trim();
    await expect.poll(verdict).toMatch(/^(校验通过|0 个问题)/);
    await town.screenshot({ path: join(repoRoot, 'test-artifacts/change-editor-split.png') });
    await town.getByTestId('change-submit').click();
    await town.getByTestId('change-review').waitFor();
    expect(town.url()).toBe(changeUrl);
    await expect.poll(() => town.getByTestId('change-status').first().textContent()).toBe('待审核');
  });

  test('the city centre reviews before and after side by side and approves', async () => {
    const city = await newPage();
    await signIn(city, server.baseUrl, 'city');
    await city.goto(`${server.baseUrl}/grid-changes`);
    const id = changeUrl.split('/').pop() ?? '';
    await city.getByTestId(`change-row-${id}`).click();
    await city.getByTestId('change-review').waitFor();
    await mapSettled(city, 'before');
    await mapSettled(city, 'after');
    const sides = await city.evaluate(() => {
      const count = (name: string, state: string) =>
        new Set(
          window.__wanggeMaps?.[name]
            ?.querySourceFeatures('grids')
            .filter((f) => f.properties.state === state)
            .map((f) => String(f.properties.ref)),
        ).size;
      return { beforeKept: count('before', 'unchanged'), afterNew: count('after', 'new'), afterRetired: count('after', 'retired') };
    });
    expect(sides.beforeKept).toBeGreaterThan(10);
    expect(sides.afterNew).toBe(2);
    // The basic grid and its three micro grids.
    expect(sides.afterRetired).toBe(4);
    await city.screenshot({ path: join(repoRoot, 'test-artifacts/change-review.png') });
    // The two maps move together.
    await city.evaluate(() => window.__wanggeMaps?.after?.jumpTo({ zoom: 16.5 }));
    expect(await city.evaluate(() => Math.round((window.__wanggeMaps?.before?.getZoom() ?? 0) * 10) / 10)).toBe(16.5);

    await city.getByTestId('change-approve').click();
    await city.getByTestId('change-decision-reason').fill('同意拆分');
    await city.getByTestId('change-decide-ok').click();
    await expect.poll(() => city.getByTestId('change-status').first().textContent()).toBe('已批准');
    const old = await city.evaluate(async (code) => ((await (await fetch(`/api/grids/${code}`)).json()) as { status: string }).status, first);
    expect(old).toBe('retired');
  });

  test('an imported survey file with a bad boundary comes back with a report naming the feature', async () => {
    await town.goto(`${server.baseUrl}/grid-changes`);
    const delivery = await town.evaluate(async (c) => {
      const collection = (await (await fetch(`/api/grids/export?divisionCode=${c}&kind=basic`)).json()) as {
        features: { properties: { code: string; communityCode: string }; geometry: { type: string; coordinates: number[][][] } }[];
      };
      const features = collection.features.map((f) => ({
        type: 'Feature',
        properties: { CUN_DM: f.properties.communityCode, WG_BM: f.properties.code },
        geometry: f.geometry,
      }));
      // The second feature's ring is drawn as a bow tie.
      const second = features[1];
      if (!second) throw new Error('the community has fewer than two basic grids');
      const ring = (second.geometry as { coordinates: number[][][] }).coordinates[0] ?? [];
      const [a, b, c2, d] = ring as [number[], number[], number[], number[]];
      (second as { geometry: unknown }).geometry = { type: 'Polygon', coordinates: [[a, c2, b, d, a]] };
      return JSON.stringify({ type: 'FeatureCollection', features });
    }, community);
    await town.getByTestId('change-import').click();
    await town
      .locator('.ant-modal input[type=file]')
      .setInputFiles({ name: '铁西网格.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(delivery) });
    await expect.poll(() => town.getByTestId('import-file-name').textContent()).toContain('个要素');
    // The columns are guessed from their names.
    expect(await town.getByTestId('import-column-community').textContent()).toContain('CUN_DM');
    expect(await town.getByTestId('import-column-code').textContent()).toContain('WG_BM');
    await town.getByTestId('import-reason').fill('测绘成果入库');
    await town.getByTestId('import-run').click();
    const report = town.getByTestId('import-report');
    await report.waitFor();
    expect(await report.textContent()).toContain('第 2 个要素');
    expect(await town.getByTestId('import-result').textContent()).toContain('有问题');
    await town.screenshot({ path: join(repoRoot, 'test-artifacts/change-import.png') });
  });

  test('left nothing in the console', () => {
    expect(problems).toEqual([]);
  });
});
