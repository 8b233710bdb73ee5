// What every command shares: its description for the dispatcher, the error it throws for a
// readable refusal, and opening the database the way the server does (same config, same lock).
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import { DataDirLockedError } from '../lib/data-dir.js';
import { openRuntime } from '../runtime.js';

/** A refusal or failure the operator can act on: printed as is, no stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Wrong arguments: printed with the command's usage, exit 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

export interface Command {
  name: string;
  /** Arguments as shown in the usage line, e.g. "<file> [--force]". */
  args: string;
  summary: string;
  /** A few lines shown by `wangge <command> --help`. */
  help: string;
  options?: Record<string, { type: 'string' | 'boolean' }>;
  /** Runs the command, printing to stdout; returns the exit code. */
  run(args: ParsedArgs): Promise<number>;
}

/**
 * Opens the database as the server does: takes the data-folder lock, opens PGlite or PostgreSQL,
 * applies pending migrations. Always closes it again, also when `work` throws.
 */
export async function withRuntime<T>(config: Config, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  let runtime: Awaited<ReturnType<typeof openRuntime>>;
  try {
    runtime = await openRuntime(config);
  } catch (err) {
    if (err instanceof DataDirLockedError) throw new CliError(lockedMessage(err, config));
    throw new CliError(
      `could not open the database (${config.databaseUrl ? 'PostgreSQL at DATABASE_URL' : `embedded, in ${config.dataDir}`}): ${messageOf(err)}`,
    );
  }
  try {
    return await work(runtime.ctx);
  } finally {
    await runtime.close();
  }
}

function lockedMessage(err: DataDirLockedError, config: Config): string {
  const lines = [
    `the data folder ${err.dataDir} is in use by another Wangge process${err.holderPid ? ` (pid ${err.holderPid})` : ''}, most likely the running server.`,
    "Commands take the same folder lock as the server, because two processes on the embedded database silently lose each other's writes:",
    'stop the server, run the command, then start the server again.',
  ];
  if (config.databaseUrl) {
    lines.push(
      '(With DATABASE_URL you may instead point WANGGE_DATA_DIR at another folder, with the same WANGGE_FIELD_KEY, to run a command beside the server.)',
    );
  }
  return lines.join('\n');
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Exactly `n` positional arguments, or a usage error naming what is missing. */
export function positionals(args: ParsedArgs, names: string[]): string[] {
  if (args.positionals.length < names.length)
    throw new UsageError(
      `missing ${names
        .slice(args.positionals.length)
        .map((n) => `<${n}>`)
        .join(' ')}`,
    );
  if (args.positionals.length > names.length) throw new UsageError(`unexpected argument ${JSON.stringify(args.positionals[names.length])}`);
  return args.positionals;
}
