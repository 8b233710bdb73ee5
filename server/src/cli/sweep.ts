// `wangge sweep`: one sweep of the case timers (reminders, overdue marking, escalation), as the
// server runs every WANGGE_SWEEP_INTERVAL_SECONDS. Safe beside running servers on PostgreSQL: each
// timer fires once, whoever sweeps. Useful with WANGGE_SWEEP_INTERVAL_SECONDS=0 and a cron job.
import { loadConfig } from '../config.js';
import { defaultInstanceId, describeSweep, sweepTimers } from '../modules/cases/case-sweep.js';
import { type Command, positionals, withRuntime } from './command.js';

export const sweepCommand: Command = {
  name: 'sweep',
  args: '',
  summary: 'sweep the case timers once: reminders, overdue marking, escalation',
  help: [
    'Fires every case timer that is due now, in batches, and prints what it did:',
    '"swept case timers: reminded R, overdue O, escalated E, stale S, postponed P (B batches)".',
    'Reminders found outside working hours are postponed to the next working instant.',
    'Example: wangge sweep',
  ].join('\n'),
  async run(args) {
    positionals(args, []);
    const counts = await withRuntime(loadConfig(), (ctx) => sweepTimers(ctx, { instanceId: `cli:${defaultInstanceId()}` }));
    console.log(`swept case timers: ${describeSweep(counts)}`);
    return 0;
  },
};
