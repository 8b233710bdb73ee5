// `wangge <command>`: the operator's commands. Each reads the same configuration as the server
// (WANGGE_DATA_DIR, DATABASE_URL, ...) and takes the same data-folder lock, so with the embedded
// database a command refuses while the server runs.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config.js';
import { version } from '../version.js';
import { backupCommand } from './backup.js';
import { checkGeneratedCommand } from './check-generated.js';
import { CliError, type Command, messageOf, UsageError } from './command.js';
import { loadTerritoryCommand } from './load-territory.js';
import { open311KeyCommand } from './open311-key.js';
import { openapiCommand } from './openapi.js';
import { restoreCommand } from './restore.js';
import { rotateFieldKeyCommand } from './rotate-field-key.js';
import { sweepCommand } from './sweep.js';
import { sweepBlobsCommand } from './sweep-blobs.js';
import { verifyAuditCommand } from './verify-audit.js';

export const commands: Command[] = [
  backupCommand,
  restoreCommand,
  verifyAuditCommand,
  loadTerritoryCommand,
  sweepCommand,
  sweepBlobsCommand,
  open311KeyCommand,
  rotateFieldKeyCommand,
  openapiCommand,
  checkGeneratedCommand,
];

const usageLine = (c: Command) => `wangge ${c.name}${c.args ? ` ${c.args}` : ''}`;
const listLine = (c: Command) => `${c.name}${c.args ? ` ${c.args}` : ''}`;

export function usage(): string {
  const width = Math.max(...commands.map((c) => listLine(c).length));
  return [
    `Wangge ${version} commands`,
    '',
    'usage: wangge <command> [arguments]     (npm run wangge -- <command> ...)',
    '',
    ...commands.map((c) => `  ${listLine(c).padEnd(width)}  ${c.summary}`),
    '',
    "They read the server's configuration from the environment (WANGGE_DATA_DIR, DATABASE_URL, WANGGE_FIELD_KEY, ...)",
    'and take the data-folder lock: with the embedded database, stop the server first.',
    'wangge <command> --help shows more about one command.',
  ].join('\n');
}

/** Runs one command line; returns the exit code. Errors are printed, not thrown. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const about = name === 'help' && rest[0] ? commands.find((c) => c.name === rest[0]) : undefined;
    console.log(about ? commandHelp(about) : usage());
    return 0;
  }
  if (name === '--version') {
    console.log(version);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`wangge: no command "${name}".\n\n${usage()}`);
    return 2;
  }
  try {
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: rest, allowPositionals: true, strict: true, options: { help: { type: 'boolean', short: 'h' }, ...(command.options ?? {}) } });
    } catch (err) {
      throw new UsageError(messageOf(err));
    }
    if (parsed.values.help) {
      console.log(commandHelp(command));
      return 0;
    }
    return await command.run({ positionals: parsed.positionals, values: parsed.values as Record<string, string | boolean | undefined> });
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`wangge ${command.name}: ${err.message}\nusage: ${usageLine(command)}   (wangge ${command.name} --help)`);
      return err.exitCode;
    }
    if (err instanceof CliError) {
      console.error(`wangge ${command.name}: ${err.message}`);
      return err.exitCode;
    }
    if (err instanceof ConfigError) {
      console.error(`wangge ${command.name}: ${err.message}`);
      return 1;
    }
    // Not foreseen: the message, and the stack for whoever debugs it.
    console.error(`wangge ${command.name} failed: ${messageOf(err)}`);
    if (err instanceof Error && err.stack && /^(debug|trace)$/i.test(process.env.WANGGE_LOG_LEVEL ?? '')) console.error(err.stack);
    return 1;
  }
}

function commandHelp(c: Command): string {
  return `usage: ${usageLine(c)}\n\n${c.summary}\n\n${c.help}`;
}

// Run when started as a program (node server/dist/cli/main.js), not when imported by a test.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`wangge: ${messageOf(err)}`);
      process.exit(1);
    },
  );
}
