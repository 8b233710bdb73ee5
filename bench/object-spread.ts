// Object spread on this Node.js: what does it cost to add keys to an object literal after a spread,
// against the same keys written before it? On Node 20 (V8 11.3) each key added after a spread made a
// new hidden class and descriptor array (the case page, 24 keys after `...summary(c)`, allocated
// ~29 KB), and the case intake path spent ~0.2 ms of server CPU a report on it
// (docs/ARCHITECTURE.md, "Spread last"; docs/BENCHMARKS.md, "Case intake").
//
//   npx tsx bench/object-spread.ts
//
// Each shape is built from a fresh 24-key row (as a database row or a presenter's summary is), 100,000
// times a round, 5 rounds; the median round is printed in ns per object. BENCH_OBJECTS sets the count.
import os from 'node:os';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 100_000);
const ROUNDS = 5;
const KEYS = 24;

// A 24-key row, made the way a literal makes it (one hidden class shared by every row).
const makeRow = new Function('i', `return { ${Array.from({ length: KEYS }, (_, k) => `c${k}: i`).join(', ')} };`) as (i: number) => Record<string, number>;

const shapes: Record<string, (i: number) => object> = {
  'copy ({ ...row })': (i) => ({ ...makeRow(i) }),
  '1 key after ({ ...row, a })': (i) => ({ ...makeRow(i), a: i }),
  '1 key before ({ a, ...row })': (i) => ({ a: i, ...makeRow(i) }),
  '8 keys after': (i) => ({ ...makeRow(i), a: i, b: i, c: i, d: i, e: i, f: i, g: i, h: i }),
  '8 keys before': (i) => ({ a: i, b: i, c: i, d: i, e: i, f: i, g: i, h: i, ...makeRow(i) }),
  '3 of its own keys after (overwritten)': (i) => ({ ...makeRow(i), c1: 0, c2: 0, c3: 0 }),
  '2 keys added to a copy (o.a = …)': (i) => {
    const o: Record<string, number> = { ...makeRow(i) };
    o.a = i;
    o.b = i;
    return o;
  },
  'no spread (26 keys written out)': (i) => {
    const r = makeRow(i);
    return {
      a: i,
      b: i,
      c0: r.c0,
      c1: r.c1,
      c2: r.c2,
      c3: r.c3,
      c4: r.c4,
      c5: r.c5,
      c6: r.c6,
      c7: r.c7,
      c8: r.c8,
      c9: r.c9,
      c10: r.c10,
      c11: r.c11,
      c12: r.c12,
      c13: r.c13,
      c14: r.c14,
      c15: r.c15,
      c16: r.c16,
      c17: r.c17,
      c18: r.c18,
      c19: r.c19,
      c20: r.c20,
      c21: r.c21,
      c22: r.c22,
      c23: r.c23,
    };
  },
};

console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, node ${process.version} (V8 ${process.versions.v8}), ${new Date().toISOString().slice(0, 10)}`,
);
console.log(`${OBJECTS.toLocaleString('en-US')} objects a round, ${ROUNDS} rounds; median round, ns per object\n`);
let kept: object | undefined;
for (const [name, make] of Object.entries(shapes)) {
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS + 1; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < OBJECTS; i++) kept = make(i);
    // The first round warms up.
    if (r > 0) rounds.push(Number(process.hrtime.bigint() - t0) / OBJECTS);
  }
  rounds.sort((a, b) => a - b);
  console.log(`${name.padEnd(40)} ${(rounds[Math.floor(ROUNDS / 2)] as number).toFixed(0).padStart(7)} ns`);
}
if (kept === undefined) console.log('(nothing built)');
