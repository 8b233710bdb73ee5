// Working-time arithmetic: how many due times per second does the compiled calendar compute on one
// core? (Issue 4 item 5, "Performance": at least 1 million deadline computations per second.)
//
//   npx tsx bench/calendar.ts
//
// The calendar is the one a server compiles for Zaozhuang: default hours 08:30–12:00 and
// 13:30–17:30, every year chinese-days holds (2004–2026) loaded, 2027 without a schedule, compiled
// for 2000–2099. The inputs are seeded random starts at any minute of 2026–2027 (so about half the
// due times are provisional), with a mix of units and limits as the routing list uses them:
// workingDays 0.5–15, workingHours 1–40, naturalHours 1–72; one in ten carries one or two pauses
// (suspensions). Settings: BENCH_COMPUTATIONS (default 2,000,000 per round), BENCH_ROUNDS (default 5).
import os from 'node:os';
import { seededRandom } from '../server/src/lib/geometry/prng.js';
import { type Pause, type Unit, WorkingCalendar } from '../server/src/lib/working-time.js';
import { chineseDaysSchedules } from '../server/src/modules/calendar/chinese-days.js';

const COMPUTATIONS = Number(process.env.BENCH_COMPUTATIONS ?? 2_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const INPUTS = 1 << 16;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const schedules = chineseDaysSchedules();
const built = performance.now();
const calendar = new WorkingCalendar({
  utcOffsetMinutes: 480,
  sessions: [
    { start: 8 * 60 + 30, end: 12 * 60 },
    { start: 13 * 60 + 30, end: 17 * 60 + 30 },
  ],
  firstYear: 2000,
  lastYear: 2099,
  scheduledYears: schedules.keys(),
  days: [...schedules.values()].flat(),
});
const buildMs = performance.now() - built;

// Inputs, made before timing so the loop measures the arithmetic only.
const rnd = seededRandom(20_261_204);
const from = Date.parse('2026-01-01T00:00:00+08:00');
const to = Date.parse('2028-01-01T00:00:00+08:00');
const starts = new Float64Array(INPUTS);
const amounts = new Float64Array(INPUTS);
const unitOf: Unit[] = new Array(INPUTS);
const pausesOf: (readonly Pause[])[] = new Array(INPUTS);
const NO_PAUSES: readonly Pause[] = [];
for (let i = 0; i < INPUTS; i++) {
  const start = from + Math.floor((rnd() * (to - from)) / 60_000) * 60_000;
  starts[i] = start;
  const u = rnd();
  if (u < 0.5) {
    unitOf[i] = 'workingDays';
    amounts[i] = [0.5, 1, 2, 3, 5, 7, 15][Math.floor(rnd() * 7)] as number;
  } else if (u < 0.85) {
    unitOf[i] = 'workingHours';
    amounts[i] = 1 + Math.floor(rnd() * 40);
  } else {
    unitOf[i] = 'naturalHours';
    amounts[i] = 1 + Math.floor(rnd() * 72);
  }
  if (rnd() < 0.1) {
    const p1 = start + Math.floor(rnd() * 3 * 86_400_000);
    const p2 = p1 + Math.floor(rnd() * 5 * 86_400_000);
    pausesOf[i] =
      rnd() < 0.5
        ? [{ from: p1, to: p2 }]
        : [
            { from: p1, to: p2 },
            { from: p2 + 3_600_000, to: p2 + 30 * 3_600_000 },
          ];
  } else {
    pausesOf[i] = NO_PAUSES;
  }
}

function round(n: number): { perSecond: number; perCpuSecond: number; provisional: number; checksum: number } {
  let provisional = 0;
  let checksum = 0;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (let k = 0; k < n; k++) {
    const i = k & (INPUTS - 1);
    const due = calendar.dueWithPauses(starts[i] as number, amounts[i] as number, unitOf[i] as Unit, pausesOf[i] as readonly Pause[]);
    if (due.provisional) provisional++;
    checksum += (due.dueAt ?? 0) % 1_000_003;
  }
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  return { perSecond: n / seconds, perCpuSecond: n / ((used.user + used.system) / 1e6), provisional, checksum };
}

const cpus = os.cpus();
console.log(
  `machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length} cores, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
console.log(
  `load average (1/5/15 min): ${os
    .loadavg()
    .map((l) => fmt(l, 2))
    .join(' / ')}`,
);
console.log(
  `calendar: 2000–2099, ${[...schedules.keys()].length} years with a schedule (chinese-days ${[...schedules.keys()][0]}–${[...schedules.keys()].at(-1)}), compiled in ${fmt(buildMs, 1)} ms`,
);
const mix = { workingDays: 0, workingHours: 0, naturalHours: 0, paused: 0 };
for (let i = 0; i < INPUTS; i++) {
  mix[unitOf[i] as Unit]++;
  if ((pausesOf[i] as readonly Pause[]).length > 0) mix.paused++;
}
console.log(
  `inputs: ${fmt(INPUTS)} starts over 2026–2027; ${fmt((100 * mix.workingDays) / INPUTS, 1)}% working days, ${fmt((100 * mix.workingHours) / INPUTS, 1)}% working hours, ${fmt((100 * mix.naturalHours) / INPUTS, 1)}% natural hours; ${fmt((100 * mix.paused) / INPUTS, 1)}% with pauses`,
);

round(200_000); // warm-up: let the JIT settle
const results = [];
for (let r = 1; r <= ROUNDS; r++) {
  const res = round(COMPUTATIONS);
  results.push(res);
  console.log(
    `round ${r}: ${fmt(res.perSecond)} due times/s (${fmt(res.perCpuSecond)} per CPU-second), ${fmt((100 * res.provisional) / COMPUTATIONS, 1)}% provisional, checksum ${res.checksum}`,
  );
}
const sorted = results.map((r) => r.perSecond).sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] as number;
console.log(`median: ${fmt(median)} due times/s on one thread (target ≥ 1,000,000): ${median >= 1_000_000 ? 'met' : 'NOT met'}`);
