import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serverRoot } from './db/client.js';

export const version: string = (JSON.parse(readFileSync(path.join(serverRoot, 'package.json'), 'utf8')) as { version: string }).version;
