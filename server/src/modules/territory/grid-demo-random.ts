// Seeded randomness and integer apportionment for the demo grid generator (grid-demo.ts).
// Every random stream is keyed by the run's seed and a division code, so one division's result does
// not depend on the order in which the others are processed.

export type Rng = () => number;

/** mulberry32: a small 32-bit PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over UTF-16 code units, then an avalanche step. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A random stream for one purpose (e.g. `seeds:370402001`) of one run. */
export function streamFor(seed: number, purpose: string): Rng {
  return mulberry32(hash32(`${seed}|${purpose}`));
}

export const randomIn = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng();
export const randomInt = (rng: Rng, lo: number, hi: number): number => lo + Math.floor((hi - lo + 1) * rng());

/** Fisher–Yates, in place. */
export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = items[i] as T;
    items[i] = items[j] as T;
    items[j] = t;
  }
  return items;
}

/**
 * Splits `total` into integers, one per weight, each at least `min`, the rest in proportion to the
 * weights (largest remainder; ties go to the lower index). When `total` is below `min × n` every
 * entry gets `min`.
 */
export function apportion(total: number, weights: readonly number[], min = 0): number[] {
  const n = weights.length;
  const out = new Array<number>(n).fill(min);
  const rest = total - min * n;
  if (n === 0 || rest <= 0) return out;
  const sum = weights.reduce((s, w) => s + Math.max(0, w), 0);
  if (sum <= 0) {
    for (let i = 0; i < rest; i++) out[i % n]! += 1;
    return out;
  }
  const remainders: { i: number; r: number }[] = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const exact = (rest * Math.max(0, weights[i]!)) / sum;
    const whole = Math.floor(exact);
    out[i]! += whole;
    given += whole;
    remainders.push({ i, r: exact - whole });
  }
  remainders.sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; k < rest - given; k++) out[remainders[k % n]!.i]! += 1;
  return out;
}
