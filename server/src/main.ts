// Wangge server: read config, take the data folder, open and migrate the database, seed on first
// start, then serve the API and the console.
import { ConfigError, loadConfig } from './config.js';
import { buildApp } from './app.js';
import { loggableError } from './lib/loggable-error.js';
import { DataDirLockedError } from './lib/data-dir.js';
import { ensureWorkCalendars } from './modules/calendar/calendar-seed.js';
import { startBlobSweeps } from './modules/attachments/attachment-sweep.js';
import { startTimerSweeps } from './modules/cases/case-sweep.js';
import { ensureDemoBase } from './modules/base/base-seed.js';
import { ensureDemoRoutingRules } from './modules/cases/routing-seed.js';
import { ensureDemoMatters } from './modules/matters/matter-seed.js';
import { DEMO_OPEN311_KEY, ensureDemoOpen311Client } from './modules/open311/open311-clients.js';
import { checkFieldKey, ensureAccounts, ensureTerritory } from './modules/system/bootstrap.js';
import { ensureDemoGrids } from './modules/territory/grid-seed.js';
import { openRuntime } from './runtime.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await openRuntime(config, {
    onLockCompromised: (err) => {
      console.error(`Wangge: lost the lock on the data folder (${err.message}); stopping to protect the data.`);
      process.exit(1);
    },
  });
  const { ctx } = runtime;
  await checkFieldKey(ctx);
  if (await ensureTerritory(ctx)) console.log('Wangge: loaded the bundled Zaozhuang territory.');
  const years = await ensureWorkCalendars(ctx);
  if (years > 0) console.log(`Wangge: work calendar: filled in ${years} year(s) of official holidays from the chinese-days package.`);
  const accounts = await ensureAccounts(ctx);
  if (accounts.created === 'demo') console.log('Wangge: demo mode: created the demo accounts (password wangge-demo).');
  if (accounts.adminPassword) {
    // Printed once, here only; it is never stored in clear or logged.
    console.log(
      `\nWangge: created the first administrator.\n  username: admin\n  password: ${accounts.adminPassword}\n  (change it at first sign-in; it is not shown again)\n`,
    );
  }
  if (config.demo) {
    const matters = await ensureDemoMatters(ctx);
    if (matters > 0) console.log(`Wangge: demo mode: published version 1 of the matter list (${matters} matters).`);
    const rules = await ensureDemoRoutingRules(ctx);
    if (rules > 0) console.log(`Wangge: demo mode: wrote the routing list (${rules} rules).`);
    if (await ensureDemoOpen311Client(ctx)) console.log(`Wangge: demo mode: Open311 API key ${DEMO_OPEN311_KEY} registered.`);
    const started = Date.now();
    const grids = await ensureDemoGrids(ctx);
    if (grids > 0) console.log(`Wangge: demo mode: generated and stored ${grids} demo grids in ${Math.round((Date.now() - started) / 1000)} s.`);
    const persons = await ensureDemoBase(ctx);
    if (persons > 0) console.log(`Wangge: demo mode: registered 2 buildings and ${persons} persons in 铁西小区 (grid 3704020010131001).`);
  }
  await ctx.grids.warm();
  // The map's tile index too, so the first map view does not wait for it.
  await ctx.gridTiles.warm();
  const app = await buildApp(ctx);
  let sweeps: ReturnType<typeof startTimerSweeps>;
  let blobSweeps: ReturnType<typeof startBlobSweeps>;
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    // The sweep in progress finishes (its transaction commits or rolls back) before the database closes.
    await sweeps?.stop();
    await blobSweeps?.stop();
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  // Case timers (reminders, overdue marking, escalation) are rows; this only triggers their sweep.
  sweeps = startTimerSweeps(ctx, app.log, loggableError);
  // Blobs no attachment names (a failed upload's), removed once a day old.
  blobSweeps = startBlobSweeps(ctx, app.log, loggableError);
  console.log(
    `Wangge ${ctx.version} is serving on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (database: ${ctx.database.kind})`,
  );
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    console.error(err.message);
  } else {
    console.error('Wangge could not start:', err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
