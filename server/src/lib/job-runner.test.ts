import { describe, expect, it } from 'vitest';
import { startJobRunner } from './job-runner.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the job runner', () => {
  it('runs the job every interval, never two at once, and goes on after an error', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    const errors: unknown[] = [];
    const runner = startJobRunner({
      intervalMs: 5,
      job: async () => {
        active += 1;
        most = Math.max(most, active);
        runs += 1;
        await sleep(20); // longer than the interval
        active -= 1;
        if (runs === 2) throw new Error('boom');
      },
      onError: (err) => errors.push(err),
    });
    await Promise.all([runner.runNow(), runner.runNow()]);
    await sleep(120);
    await runner.stop();
    expect(most).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(errors).toHaveLength(1);
  });

  it('stops: waits for the run in progress and starts no other', async () => {
    let runs = 0;
    let finished = false;
    const runner = startJobRunner({
      intervalMs: 1,
      job: async () => {
        runs += 1;
        await sleep(30);
        finished = true;
      },
      onError: () => undefined,
    });
    await sleep(10);
    await runner.stop();
    expect(finished).toBe(true);
    const after = runs;
    await sleep(30);
    expect(runs).toBe(after);
    await runner.runNow();
    expect(runs).toBe(after);
  });
});
