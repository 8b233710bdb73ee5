// Debian's Chromium, headless, for browser tests. Playwright's `launch` gives each run a fresh
// temporary profile. WebGL (for MapLibre) runs on SwiftShader, Chromium's software renderer:
// `--use-angle=swiftshader` picks it and `--enable-unsafe-swiftshader` allows it for WebGL now that
// Chromium no longer falls back to it silently.
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run. Outside CI a machine without Chromium skips them with a notice;
 * in CI (CI=true) a missing browser is a failure, never a silent skip.
 */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI === 'true') throw new Error(`Chromium is missing at ${chromiumPath}: install it (apt-get install -y chromium)`);
  console.warn(`\n  ! browser tests skipped: no Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)\n`);
  return false;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: chromiumArgs,
    headless: true,
  });
}

/** Signs in through the login page as a demo account and waits for the console. */
export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('wangge-demo');
  await page.getByTestId('login-submit').click();
  await page.waitForURL('**/territory');
}

/**
 * A page in a fresh context (1440 × 900, zh-CN) whose page errors and console errors are collected in
 * `problems`, for a test to assert there are none; `expected` lets through console errors the test
 * provokes on purpose (the browser logs a refused request: its text and the URL it came from).
 */
export async function openPage(browser: Browser, problems: string[], expected: (text: string, url: string) => boolean = () => false): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected(message.text(), message.location().url)) {
      problems.push(`console.error: ${message.text()} (${message.location().url})`);
    }
  });
  return page;
}

/**
 * Picks `text` in the antd Select marked `data-testid={testId}` and waits until the choice shows in
 * the Select and its list has closed, so the list cannot lie over the next field. On a loaded
 * machine a click can land while the list is still animating open; the option is then clicked again.
 */
export async function chooseOption(page: Page, testId: string, text: string): Promise<void> {
  const select = page.getByTestId(testId);
  const openList = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  for (let attempt = 1; ; attempt++) {
    if ((await openList.count()) === 0) await select.click();
    await openList.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
    const chosen = await select
      .filter({ hasText: text })
      .waitFor({ timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (chosen) break;
    if (attempt === 3) throw new Error(`option ${text} did not take in ${testId}`);
  }
  // A single-choice Select closes on choosing; wait for the close animation to finish.
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll('.ant-select-dropdown')).every(
      (list) =>
        list.classList.contains('ant-select-dropdown-hidden') || (list as HTMLElement).offsetParent === null || getComputedStyle(list).visibility === 'hidden',
    ),
  );
}
