// `wangge openapi <file>`: the API description as the code defines it, for docs/openapi.json and
// the web client's generated types. Built from an in-memory app: no data folder, no database file.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { serverRoot } from '../db/client.js';
import { openRuntime } from '../runtime.js';
import { type Command, positionals } from './command.js';

/** The checked-in copy that check-generated compares against. */
export const openapiFile = path.join(serverRoot, '..', 'docs', 'openapi.json');

/** The OpenAPI document as deterministic text: 2-space JSON in route order, ending in a newline. */
export async function openapiDocument(): Promise<string> {
  // A web folder that never exists: the document must not depend on whether the console was built.
  const config = loadConfig({ WANGGE_LOG_LEVEL: 'silent', WANGGE_WEB_DIR: path.join(serverRoot, 'no-web-for-openapi') });
  const runtime = await openRuntime(config, { inMemory: true });
  try {
    const app = await buildApp(runtime.ctx, { logger: false });
    try {
      await app.ready();
      return `${JSON.stringify(app.swagger(), null, 2)}\n`;
    } finally {
      await app.close();
    }
  } finally {
    await runtime.close();
  }
}

export async function writeOpenapi(file: string): Promise<string> {
  const target = path.resolve(file);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, await openapiDocument());
  return target;
}

export const openapiCommand: Command = {
  name: 'openapi',
  args: '<file>',
  summary: 'write the OpenAPI document the code defines',
  help: [
    "Writes the API's OpenAPI 3 document as pretty JSON. `npm run gen` writes docs/openapi.json with it.",
    'Example: wangge openapi docs/openapi.json',
  ].join('\n'),
  async run(args) {
    const [file] = positionals(args, ['file']);
    console.log(`wrote ${await writeOpenapi(file as string)}`);
    return 0;
  },
};
