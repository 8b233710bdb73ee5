// How long does validating one community's grid change take? The issue asks for a change of 20 grids
// in under 200 ms. Takes the city's demo grids, picks the community with the most grids, and validates
// a redraw of 20 of its grids (basic and micro) against the rest and its district's outline.
//
//   npx tsx bench/grid-validate.ts
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { PolygonGeometry } from '../server/src/lib/geometry/index.js';
import { bundledDivisionsFile, bundledOutlinesFile } from '../server/src/modules/system/bootstrap.js';
import { type ChangeItem, type CurrentGrid, validateChange } from '../server/src/modules/territory/grid-change.validate.js';
import { generateDemoGrids } from '../server/src/modules/territory/grid-demo.js';
import { numberDemoGrids } from '../server/src/modules/territory/grid-seed.js';
import { parseDivisionFile, parseOutlineFile } from '../server/src/modules/territory/territory-file.js';

const divisions = parseDivisionFile(JSON.parse(readFileSync(bundledDivisionsFile, 'utf8')));
const outlines = parseOutlineFile(JSON.parse(readFileSync(bundledOutlinesFile, 'utf8')));
const grids = numberDemoGrids(generateDemoGrids(divisions, outlines));

const byCommunity = new Map<string, typeof grids>();
for (const g of grids) byCommunity.set(g.communityCode, [...(byCommunity.get(g.communityCode) ?? []), g]);
const [community, list] = [...byCommunity].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
const current: CurrentGrid[] = list.map((g) => ({
  code: g.code,
  kind: g.kind,
  parentCode: g.kind === 'micro' ? g.code.slice(0, 16) : null,
  boundary: g.boundary as PolygonGeometry,
  predecessorCodes: [],
}));
const redrawn = current.filter((g) => g.kind !== 'dedicated').slice(0, 20);
const items: ChangeItem[] = redrawn.map((g) => ({ action: 'redraw', code: g.code, boundary: g.boundary }));
const district = outlines.find((o) => o.divisionCode.slice(0, 6) === community.slice(0, 6));
const context = { current, districtOutline: district?.geometry as PolygonGeometry, toleranceM2: 10 };

validateChange({ kind: 'redraw', items }, context); // warm-up
const times: number[] = [];
let issues = 0;
for (let i = 0; i < 20; i++) {
  const t0 = performance.now();
  issues = validateChange({ kind: 'redraw', items }, context).length;
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(`machine: ${os.cpus()[0]?.model} x${os.cpus().length}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log(
  `community ${community}: ${current.length} current grids; change redraws ${items.length} (${redrawn.filter((g) => g.kind === 'basic').length} basic, ${redrawn.filter((g) => g.kind === 'micro').length} micro)`,
);
console.log(`validateChange, 20 runs: median ${times[10]?.toFixed(1)} ms, max ${times.at(-1)?.toFixed(1)} ms; issues found ${issues}`);
