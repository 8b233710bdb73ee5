// `wangge open311-key <name>`: registers an Open311 client and prints its API key, once. Only the
// key's SHA-256 is stored, so a lost key is revoked (`--revoke`) and a new one made.
import { loadConfig } from '../config.js';
import { createOpen311Client, revokeOpen311Client } from '../modules/open311/open311-clients.js';
import { CliError, type Command, UsageError, positionals, withRuntime } from './command.js';

export const open311KeyCommand: Command = {
  name: 'open311-key',
  args: '<name> | --revoke <name-or-id>',
  summary: 'make an API key for an Open311 client (printed once), or revoke one',
  help: [
    'GeoReport v2 needs an API key to POST requests (/open311/v2/requests.json). This registers a client',
    'under a name (the app or the organisation running it) and prints its key once: only its SHA-256 is kept.',
    'With --revoke, the keys of the client with that name or id stop working at once.',
    'Examples: wangge open311-key "市民随手拍 app"    wangge open311-key --revoke "市民随手拍 app"',
  ].join('\n'),
  options: { revoke: { type: 'string' } },
  async run(args) {
    const revoke = args.values.revoke;
    if (typeof revoke === 'string') {
      positionals(args, []);
      const n = await withRuntime(loadConfig(), (ctx) => revokeOpen311Client(ctx, revoke));
      if (n === 0) throw new CliError(`no Open311 client named or numbered "${revoke}" has a live key.`);
      console.log(`revoked ${n} Open311 key${n === 1 ? '' : 's'} of "${revoke}"`);
      return 0;
    }
    const [name] = positionals(args, ['name']);
    const trimmed = (name ?? '').trim();
    if (!trimmed || trimmed.length > 100) throw new UsageError('the name must be 1 to 100 characters.');
    const client = await withRuntime(loadConfig(), (ctx) => createOpen311Client(ctx, trimmed));
    console.log(`Open311 client "${client.name}" (id ${client.id})`);
    console.log(`api_key: ${client.key}`);
    console.log('Shown once: only its SHA-256 is stored. Hand it to the client now.');
    return 0;
  },
};
