// A deterministic, Zaozhuang-size demo grid set (issue 3 §7): each district outline is split into
// its towns, each town into its communities, each community into basic grids and each basic grid
// into micro grids, every level a partition of its parent clipped to the parent
// (grid-demo-partition.ts). Towns and communities are cut by a weighted Voronoi (power) diagram so
// that their areas follow their make-up: a town's area its communities', an urban community (居委会)
// about a quarter of a village's; basic and micro grids by a plain Voronoi diagram (d3-delaunay).
// Dedicated grids are small outlines of named places, each wholly inside one basic grid.
// Coordinates are rounded to 6 decimals at the very end (grid-demo-output.ts). Real deployments
// import their real boundaries instead.
//
// Counts follow the city's published figures per community (4,953 basic, 1,154 dedicated and
// 15,864 micro grids over 2,469 communities), so the real division tree gets exactly those numbers
// and a smaller tree proportionally fewer. Same input and seed, same output, byte for byte.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { type MultiPoly, type Poly, type Pt, poleOfInaccessibility, polyArea, Region, ringCentroid, SharedVertices } from './grid-demo-geometry.js';
import { newOutputStats, type OutputStats, Projection, Rounder } from './grid-demo-output.js';
import { newPartitionStats, type PartitionStats, partition, placeSeeds, type SeedSpec, weightedPartition } from './grid-demo-partition.js';
import { communityPlace, districtPlaces, type PlaceKind, type PlaceWish, townPlaces } from './grid-demo-places.js';
import { apportion, type Rng, randomIn, randomInt, shuffle, streamFor } from './grid-demo-random.js';
import type { DivisionRecord, OutlineRecord } from './territory-file.js';

export type { PlaceKind } from './grid-demo-places.js';

export interface DemoGrid {
  kind: 'basic' | 'dedicated' | 'micro';
  /** 12-digit division code of the community the grid lies in. */
  communityCode: string;
  /** Micro grids: the key of their basic grid. */
  parentKey?: string;
  /** Stable temporary key; grid codes are assigned by the caller. */
  key: string;
  name: string;
  placeName?: string;
  placeKind?: PlaceKind;
  /** WGS-84, 6 decimals, closed counter-clockwise outer rings, valid. */
  boundary: Polygon | MultiPolygon;
  /** Estimate: basic 250–300, micro its share of the basic grid's, dedicated 0 (places, not homes). */
  households: number;
}

/** Zaozhuang's published grid figures. */
export const ZAOZHUANG_GRID_FIGURES = { communities: 2469, basic: 4953, dedicated: 1154, micro: 15864 } as const;

export interface DemoGridStats {
  counts: { basic: number; dedicated: number; micro: number };
  multiPolygons: number;
  partition: PartitionStats;
  output: OutputStats;
  dedicatedShortfall: number;
}

/** Area weight of a community in its town: urban communities (居委会) are smaller than villages. */
const URBAN_AREA_WEIGHT = 0.3;
const MIN_DEDICATED_CLEARANCE_M = 30;

const isUrbanTown = (t: DivisionRecord) => t.kind === 'subdistrict' || t.kind === 'zone';
const isUrbanCommunity = (c: DivisionRecord) => c.kind === 'residents';

/**
 * The outline's polygons without repeated positions and without back-tracking spikes (a vertex where
 * the outline turns back on itself to within about half a degree, which the public outline data has
 * in places): such a spike encloses no area but leaves no side of it inside the district.
 */
function outlinePolygons(outline: OutlineRecord): Position[][][] {
  const raw = (outline.geometry.type === 'Polygon' ? [outline.geometry.coordinates] : outline.geometry.coordinates) as Position[][][];
  return raw.map((poly) =>
    poly.map((ring) => {
      const pts: Position[] = [];
      const closed = ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1];
      for (const p of closed ? ring.slice(0, -1) : ring) {
        const last = pts[pts.length - 1];
        if (!last || last[0] !== p[0] || last[1] !== p[1]) pts.push([p[0]!, p[1]!]);
      }
      const k = Math.cos(((pts[0]?.[1] ?? 0) * Math.PI) / 180);
      for (let i = 0; pts.length > 3 && i < pts.length; ) {
        const a = pts[(i + pts.length - 1) % pts.length]!;
        const b = pts[i]!;
        const c = pts[(i + 1) % pts.length]!;
        const ux = (b[0]! - a[0]!) * k;
        const uy = b[1]! - a[1]!;
        const vx = (c[0]! - b[0]!) * k;
        const vy = c[1]! - b[1]!;
        const lengths = Math.hypot(ux, uy) * Math.hypot(vx, vy);
        const reversal = ux * vx + uy * vy < 0 && Math.abs(ux * vy - uy * vx) <= 0.01 * lengths;
        const repeated = b[0] === c[0] && b[1] === c[1];
        if (repeated || reversal) {
          pts.splice(i, 1);
          i = Math.max(0, i - 1);
        } else i++;
      }
      return [...pts, [pts[0]![0]!, pts[0]![1]!]];
    }),
  );
}

function largest(multi: MultiPoly): Poly {
  let best = multi[0]!;
  for (const p of multi) if (polyArea(p) > polyArea(best)) best = p;
  return best;
}

const labelOf = (multi: MultiPoly): Pt => ringCentroid(largest(multi)[0]!);

/** Indices of cells in reading order: bands north to south, west to east within a band. */
function readingOrder(cells: MultiPoly[], parent: Region): number[] {
  const labels = cells.map(labelOf);
  const band = Math.sqrt(parent.area / Math.max(1, cells.length));
  const row = labels.map(([, y]) => Math.floor((parent.bbox.maxY - y) / band));
  return [...cells.keys()].sort((a, b) => row[a]! - row[b]! || labels[a]![0] - labels[b]![0] || a - b);
}

interface BasicSlot {
  households: number;
  micro: number;
}

interface Host {
  key: string;
  communityCode: string;
  townCode: string;
  multi: MultiPoly;
  label: Pt;
  used: boolean;
  pole?: { x: number; y: number; d: number };
}

function poleOf(host: Host) {
  if (!host.pole) {
    const poly = largest(host.multi);
    host.pole = poleOfInaccessibility(poly, Math.max(0.5, Math.sqrt(polyArea(poly)) / 200));
  }
  return host.pole;
}

/** A place outline around the host's pole of inaccessibility: a rough circle, or a rectangle with cut corners. */
function placeOutline(rng: Rng, wish: PlaceWish, centre: { x: number; y: number }, radius: number): MultiPoly {
  const pts: Pt[] = [];
  const turn = rng() * 2 * Math.PI;
  if (wish.kind === 'enterprise' || wish.kind === 'industrialPark' || wish.kind === 'government') {
    const phi = randomIn(rng, 0.45, 1.1);
    const a = radius * Math.cos(phi);
    const b = radius * Math.sin(phi);
    const cut = randomIn(rng, 0.1, 0.25);
    const corners: Pt[] = [
      [a, b],
      [-a, b],
      [-a, -b],
      [a, -b],
    ];
    corners.forEach(([cx, cy], k) => {
      const [px, py] = corners[(k + 3) % 4]!;
      const [nx, ny] = corners[(k + 1) % 4]!;
      pts.push([cx + (px - cx) * cut, cy + (py - cy) * cut], [cx + (nx - cx) * cut, cy + (ny - cy) * cut]);
    });
  } else {
    const n = randomInt(rng, 8, 16);
    for (let k = 0; k < n; k++) {
      const angle = ((k + randomIn(rng, -0.25, 0.25)) * 2 * Math.PI) / n;
      const r = radius * randomIn(rng, 0.85, 1);
      pts.push([r * Math.cos(angle), r * Math.sin(angle)]);
    }
  }
  const ring = pts.map(([x, y]): Pt => [centre.x + x * Math.cos(turn) - y * Math.sin(turn), centre.y + x * Math.sin(turn) + y * Math.cos(turn)]);
  ring.push([ring[0]![0], ring[0]![1]]);
  return [[ring]];
}

/** The full grid set with counters about the geometry work (for diagnostics). */
export function generateDemoGridSet(divisions: DivisionRecord[], outlines: OutlineRecord[], seed = 370400): { grids: DemoGrid[]; stats: DemoGridStats } {
  const children = new Map<string, DivisionRecord[]>();
  for (const d of divisions) {
    if (d.parentCode === null) continue;
    const list = children.get(d.parentCode) ?? [];
    list.push(d);
    children.set(d.parentCode, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  const childrenOf = (code: string) => children.get(code) ?? [];
  const outlineOf = new Map(outlines.map((o) => [o.divisionCode, o]));
  const city = divisions.find((d) => d.level === 1);
  const districts = divisions
    .filter((d) => d.level === 2)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((district) => ({ district, towns: childrenOf(district.code).filter((t) => t.level === 3 && childrenOf(t.code).length > 0) }))
    .filter((d) => d.towns.length > 0);
  for (const { district } of districts)
    if (!outlineOf.has(district.code)) throw new Error(`demo grids: no outline for district ${district.code} ${district.name}`);

  // How many grids of each kind, fixed before any geometry.
  const communities = districts.flatMap((d) => d.towns.flatMap((t) => childrenOf(t.code)));
  const n = communities.length;
  const figures = ZAOZHUANG_GRID_FIGURES;
  const households = communities.map((c) => {
    const rng = streamFor(seed, `households:${c.code}`);
    return isUrbanCommunity(c) ? randomIn(rng, 900, 2400) : randomIn(rng, 200, 750);
  });
  const basicCounts = apportion(Math.round((n * figures.basic) / figures.communities), households, 1);
  const basicCountOf = new Map(communities.map((c, i) => [c.code, basicCounts[i]!]));
  const slotList: { code: string; slot: number; households: number; weight: number }[] = [];
  communities.forEach((c, i) => {
    for (let s = 0; s < basicCounts[i]!; s++) {
      const rng = streamFor(seed, `basic:${c.code}:${s}`);
      slotList.push({ code: c.code, slot: s, households: randomInt(rng, 250, 300), weight: randomIn(rng, 0.5, 1.5) });
    }
  });
  const microCounts = apportion(
    Math.round((n * figures.micro) / figures.communities),
    slotList.map((s) => s.weight),
    2,
  );
  const slots = new Map<string, BasicSlot[]>();
  slotList.forEach((s, i) => {
    const list = slots.get(s.code) ?? [];
    list[s.slot] = { households: s.households, micro: microCounts[i]! };
    slots.set(s.code, list);
  });
  const dedicatedCounts = apportion(
    Math.round((n * figures.dedicated) / figures.communities),
    districts.map((d) => d.towns.reduce((s, t) => s + childrenOf(t.code).length, 0)),
    0,
  );
  const areaWeight = (c: DivisionRecord) => {
    const rng = streamFor(seed, `area:${c.code}`);
    return isUrbanCommunity(c) ? URBAN_AREA_WEIGHT * randomIn(rng, 0.7, 1.3) : (0.6 + 0.4 * (basicCountOf.get(c.code) ?? 1)) * randomIn(rng, 0.7, 1.3);
  };

  // One plane for the whole city.
  const all = districts.flatMap(({ district }) => outlinePolygons(outlineOf.get(district.code)!).flatMap((p) => p[0] ?? []));
  const lngs = all.map((p) => p[0]!);
  const lats = all.map((p) => p[1]!);
  const proj = new Projection((Math.min(...lngs) + Math.max(...lngs)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2);

  const stats: DemoGridStats = {
    counts: { basic: 0, dedicated: 0, micro: 0 },
    multiPolygons: 0,
    partition: newPartitionStats(),
    output: newOutputStats(),
    dedicatedShortfall: 0,
  };
  const grids: DemoGrid[] = [];

  districts.forEach(({ district, towns }, districtIndex) => {
    const lngLat = outlinePolygons(outlineOf.get(district.code)!);
    const districtRegion = new Region(lngLat.map((poly) => poly.map((ring) => ring.map(([x, y]) => proj.toPlane(x!, y!)))));
    const rounder = new Rounder(proj, districtRegion, stats.output);
    // Grids are rounded and emitted once the whole district is cut, so that every vertex that lies
    // on another grid's edge can be added to that edge first (SharedVertices).
    const pending: { grid: Omit<DemoGrid, 'boundary'>; multi: MultiPoly }[] = [];
    const shared = new SharedVertices();
    const emit = (grid: Omit<DemoGrid, 'boundary'>, multi: MultiPoly) => {
      if (grid.kind !== 'dedicated') shared.add(multi);
      pending.push({ grid, multi });
    };

    const districtPole = poleOfInaccessibility(largest(districtRegion.multi), 50);
    const districtCentre: Pt = [districtPole.x, districtPole.y];
    const townSpecs: SeedSpec[] = towns.map((t) => ({ weight: childrenOf(t.code).reduce((s, c) => s + areaWeight(c), 0), clustered: isUrbanTown(t) }));
    const townSeeds: Pt[] = [];
    const townCells = weightedPartition(
      districtRegion,
      placeSeeds(districtRegion, townSpecs, streamFor(seed, `towns:${district.code}`), districtCentre),
      townSpecs.map((t) => t.weight),
      stats.partition,
      townSeeds,
    );
    const hosts: Host[] = [];
    const townCentres = new Map<string, Pt>();

    towns.forEach((town, ti) => {
      const townRegion = new Region(townCells[ti]!);
      if (townRegion.multi.length === 0) throw new Error(`demo grids: town ${town.code} got no area`);
      const seedPt = townSeeds[ti]!;
      const pole = poleOfInaccessibility(largest(townRegion.multi), 20);
      const centre: Pt = townRegion.contains(seedPt[0], seedPt[1]) ? seedPt : [pole.x, pole.y];
      townCentres.set(town.code, centre);
      const comms = childrenOf(town.code);
      const commSpecs = comms.map((c) => ({ weight: areaWeight(c), clustered: isUrbanCommunity(c) }));
      const commCells = weightedPartition(
        townRegion,
        placeSeeds(townRegion, commSpecs, streamFor(seed, `communities:${town.code}`), centre),
        commSpecs.map((c) => c.weight),
        stats.partition,
      );

      comms.forEach((community, ci) => {
        const commRegion = new Region(commCells[ci]!);
        if (commRegion.multi.length === 0) throw new Error(`demo grids: community ${community.code} got no area`);
        const commSlots = slots.get(community.code)!;
        const basicSeeds = placeSeeds(
          commRegion,
          commSlots.map(() => ({ weight: 1, clustered: false })),
          streamFor(seed, `basic-seeds:${community.code}`),
          null,
        );
        const basicCells = partition(commRegion, basicSeeds, stats.partition);
        readingOrder(basicCells, commRegion).forEach((slotIndex, order) => {
          const slot = commSlots[slotIndex]!;
          const cell = basicCells[slotIndex]!;
          const key = `${community.code}:basic:${order + 1}`;
          const name = `${community.name}第${order + 1}网格`;
          emit({ kind: 'basic', communityCode: community.code, key, name, households: slot.households }, cell);
          hosts.push({ key, communityCode: community.code, townCode: town.code, multi: cell, label: labelOf(cell), used: false });

          const basicRegion = new Region(cell);
          const microRng = streamFor(seed, `micro:${key}`);
          const microSeeds = placeSeeds(
            basicRegion,
            Array.from({ length: slot.micro }, () => ({ weight: 1, clustered: false })),
            microRng,
            null,
          );
          const microCells = partition(basicRegion, microSeeds, stats.partition);
          const microHouseholds = apportion(
            slot.households,
            microCells.map(() => randomIn(microRng, 0.8, 1.2)),
            1,
          );
          readingOrder(microCells, basicRegion).forEach((m, mOrder) => {
            emit(
              {
                kind: 'micro',
                communityCode: community.code,
                parentKey: key,
                key: `${key}:micro:${mOrder + 1}`,
                name: `${name}-${mOrder + 1}`,
                households: microHouseholds[m]!,
              },
              microCells[m]!,
            );
          });
        });
      });
    });

    // Dedicated grids: the district's own places, then each town's, then places of single communities.
    const quota = dedicatedCounts[districtIndex]!;
    const rng = streamFor(seed, `dedicated:${district.code}`);
    const communityByCode = new Map(towns.flatMap((t) => childrenOf(t.code)).map((c) => [c.code, c]));
    const perCommunity = new Map<string, number>();
    const usedNames = new Set<string>();
    let placed = 0;
    const place = (wish: PlaceWish, candidates: Host[]): boolean => {
      if (usedNames.has(wish.name)) return false;
      for (const host of candidates) {
        if (host.used) continue;
        const pole = poleOf(host);
        const radius = Math.min(wish.radius, pole.d * 0.8);
        if (pole.d < MIN_DEDICATED_CLEARANCE_M || radius < MIN_DEDICATED_CLEARANCE_M * 0.8) continue;
        host.used = true;
        usedNames.add(wish.name);
        const k = (perCommunity.get(host.communityCode) ?? 0) + 1;
        perCommunity.set(host.communityCode, k);
        emit(
          {
            kind: 'dedicated',
            communityCode: host.communityCode,
            key: `${host.communityCode}:dedicated:${k}`,
            name: `${wish.name}专属网格`,
            placeName: wish.name,
            placeKind: wish.kind,
            households: 0,
          },
          placeOutline(rng, wish, pole, radius),
        );
        placed++;
        return true;
      }
      return false;
    };
    const byDistanceTo = (list: Host[], [x, y]: Pt) =>
      [...list].sort((a, b) => Math.hypot(a.label[0] - x, a.label[1] - y) - Math.hypot(b.label[0] - x, b.label[1] - y));

    // The district's own places go to its first subdistrict (the seat, as a rule), else its middle.
    const seatTown = towns.find(isUrbanTown);
    const districtSeat = (seatTown && townCentres.get(seatTown.code)) ?? districtCentre;
    const districtWishes = districtPlaces(rng, district);
    const townWishes = towns.map((t) => townPlaces(rng, t));
    const fixed: { wish: PlaceWish; candidates: () => Host[] }[] = districtWishes.map((wish) => ({
      wish,
      candidates: () =>
        wish.kind === 'industrialPark'
          ? shuffle(
              rng,
              hosts.filter((h) => !h.used),
            )
              .slice(0, 60)
              .sort((a, b) => poleOf(b).d - poleOf(a).d)
          : byDistanceTo(hosts, districtSeat),
    }));
    for (let k = 0; k < 5; k++)
      towns.forEach((t, ti) => {
        const wish = townWishes[ti]![k];
        if (wish)
          fixed.push({
            wish,
            candidates: () =>
              byDistanceTo(
                hosts.filter((h) => h.townCode === t.code),
                townCentres.get(t.code)!,
              ),
          });
      });
    for (const { wish, candidates } of fixed) if (placed < quota) place(wish, candidates());

    const order = shuffle(rng, [...communityByCode.keys()]);
    const hostsOf = new Map<string, Host[]>();
    for (const h of hosts) {
      const list = hostsOf.get(h.communityCode);
      if (list) list.push(h);
      else hostsOf.set(h.communityCode, [h]);
    }
    const companyPrefix = district.kind === 'countyCity' ? district.name.replace(/市$/, '') : (city?.name.replace(/市$/, '') ?? '');
    let misses = 0;
    for (let i = 0; placed < quota && misses < order.length * 3; i++) {
      const code = order[i % order.length]!;
      const free = (hostsOf.get(code) ?? []).filter((h) => !h.used);
      if (free.length === 0 || !place(communityPlace(rng, communityByCode.get(code)!, companyPrefix), shuffle(rng, free))) misses++;
    }
    stats.dedicatedShortfall += quota - placed;

    for (const { grid, multi } of pending) {
      const boundary = rounder.toGeoJSON(grid.kind === 'dedicated' ? multi : shared.refine(multi));
      if (!boundary) throw new Error(`demo grids: ${grid.name} vanished when rounded`);
      if (boundary.type === 'MultiPolygon') stats.multiPolygons++;
      stats.counts[grid.kind]++;
      grids.push({ ...grid, boundary });
    }
  });
  return { grids, stats };
}

/** The demo grid set for a division tree and its district outlines (see the file comment). */
export function generateDemoGrids(divisions: DivisionRecord[], outlines: OutlineRecord[], seed = 370400): DemoGrid[] {
  return generateDemoGridSet(divisions, outlines, seed).grids;
}
