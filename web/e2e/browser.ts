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
