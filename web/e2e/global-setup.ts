// Runs once before the browser tests: one first start of the built server (demo mode: the territory,
// accounts, lists, the demo grid set and base information, about half a minute), whose data folder
// (and database) each test file's server then starts from a copy of (server.ts, startServer).
import type { TestProject } from 'vitest/node';
import { installTemplate } from './server.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.WANGGE_E2E_URL) {
    project.provide('e2eTemplate', undefined);
    return async () => {};
  }
  const template = await installTemplate();
  project.provide('e2eTemplate', { dataDir: template.dataDir, ...(template.pgDatabase ? { pgDatabase: template.pgDatabase } : {}) });
  return template.drop;
}
