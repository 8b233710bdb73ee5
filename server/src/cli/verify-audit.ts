// `wangge verify-audit`: walks the audit trail's hash chain and names the first row that does not fit.
// Read-only: unlike GET /api/audit/verify it leaves no audit.verify row, since nobody signed in.
import { type Config, loadConfig } from '../config.js';
import { type ChainReport, verifyChain } from '../modules/audit/audit.js';
import { type Command, positionals, withRuntime } from './command.js';

export async function verifyAudit(config: Config): Promise<ChainReport> {
  return withRuntime(config, (ctx) => verifyChain(ctx.db));
}

export function describeChain(report: ChainReport): string {
  if (report.ok) return `audit chain ok: ${report.checked} rows`;
  const broken = report.firstBroken;
  return `audit chain BROKEN at seq ${broken?.seq ?? '?'} (${broken?.reason ?? 'unknown'}); ${report.checked} rows before it verify`;
}

export const verifyAuditCommand: Command = {
  name: 'verify-audit',
  args: '',
  summary: "verify the audit trail's hash chain (exit 1 when broken)",
  help: [
    "Recomputes every audit row's hash in order and checks each links to the one before.",
    'Prints "audit chain ok: N rows", or "audit chain BROKEN at seq S (reason)" and exits 1.',
    'Reasons: hash_mismatch (the row was changed), prev_hash_mismatch (a row before it was replaced),',
    'missing_rows (a gap in the sequence).',
    'Example: wangge verify-audit',
  ].join('\n'),
  async run(args) {
    positionals(args, []);
    const report = await verifyAudit(loadConfig());
    console.log(describeChain(report));
    return report.ok ? 0 : 1;
  },
};
