// `wangge load-territory <divisions.json> [--outlines <file.geojson>]`: adds (or renames) a city's
// divisions and outlines, in one transaction with its territory.load audit row.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Config, loadConfig } from '../config.js';
import { AppError } from '../lib/errors.js';
import type { AuditContext } from '../modules/audit/audit.js';
import { type DivisionLevel, divisionLevelNames } from '../modules/territory/division-code.js';
import { loadTerritory } from '../modules/territory/division.service.js';
import { type DivisionRecord, type OutlineRecord, parseDivisionFile, parseOutlineFile, TerritoryFileError } from '../modules/territory/territory-file.js';
import { CliError, type Command, messageOf, positionals, withRuntime } from './command.js';

const SYSTEM: AuditContext = { actorId: null, actorRole: 'system', ip: null, divisionCode: null };

export interface TerritorySummary {
  /** Divisions in the file per level name (city, district, town, community). */
  levels: Partial<Record<(typeof divisionLevelNames)[number], number>>;
  divisions: number;
  outlines: number;
}

export async function loadTerritoryFiles(config: Config, divisionsFile: string, outlinesFile?: string): Promise<TerritorySummary> {
  // Both files are read and checked before the database is opened: a bad file writes nothing.
  const divisions = await parseFile(divisionsFile, parseDivisionFile);
  const outlines: OutlineRecord[] = outlinesFile ? await parseFile(outlinesFile, parseOutlineFile) : [];
  const source = `file: ${path.basename(outlinesFile ?? divisionsFile)}`;
  await withRuntime(config, async (ctx) => {
    try {
      await ctx.db.transaction((tx) => loadTerritory(tx, SYSTEM, divisions, outlines, source));
    } catch (err) {
      if (err instanceof AppError) throw new CliError(`${err.message} Nothing was loaded.`);
      throw err;
    }
  });
  return { levels: countLevels(divisions), divisions: divisions.length, outlines: outlines.length };
}

async function parseFile<T>(file: string, parse: (json: unknown) => T): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${messageOf(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${file} is not valid JSON: ${messageOf(err)}`);
  }
  try {
    return parse(json);
  } catch (err) {
    if (err instanceof TerritoryFileError) throw new CliError(`${file}: ${err.message}`);
    throw err;
  }
}

function countLevels(divisions: DivisionRecord[]): TerritorySummary['levels'] {
  const levels: TerritorySummary['levels'] = {};
  for (const d of divisions) {
    const name = divisionLevelNames[d.level as DivisionLevel];
    levels[name] = (levels[name] ?? 0) + 1;
  }
  return levels;
}

export const loadTerritoryCommand: Command = {
  name: 'load-territory',
  args: '<divisions.json> [--outlines <file.geojson>]',
  summary: "add or rename a city's divisions (and outlines) from files",
  help: [
    'Reads a division tree in the shape of server/data/zaozhuang-divisions.json (city → districts → towns →',
    'villages, 12-digit codes) and, optionally, a GeoJSON FeatureCollection of outlines whose feature id or',
    'properties.adcode is a division code. Loads both in one transaction with a territory.load audit row.',
    'Existing divisions with the same code are renamed; nothing is deleted. A bad file writes nothing.',
    'Example: wangge load-territory ./dongying-divisions.json --outlines ./dongying-districts.geojson',
  ].join('\n'),
  options: { outlines: { type: 'string' } },
  async run(args) {
    const [file] = positionals(args, ['divisions.json']);
    const outlines = typeof args.values.outlines === 'string' ? args.values.outlines : undefined;
    const s = await loadTerritoryFiles(loadConfig(), file as string, outlines);
    const levels = divisionLevelNames.filter((n) => s.levels[n]).map((n) => `${n} ${s.levels[n]}`);
    console.log(`loaded ${s.divisions} divisions (${levels.join(', ')}) and ${s.outlines} outlines`);
    return 0;
  },
};
