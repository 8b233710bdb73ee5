// `wangge rotate-field-key [--new-key] [--forget-previous]`: re-encrypts every sealed personal value
// under the current field key and recomputes its keyed hash (modules/system/field-key-rotation.ts),
// then records the new key's fingerprint. Resumable and safe to run twice: values already under the
// current key are skipped.
import { type Config, loadConfig } from '../config.js';
import { FieldCipher, keyFingerprint } from '../lib/crypto.js';
import { forgetPreviousFieldKeys, generateNextFieldKey } from '../lib/secrets.js';
import type { AuditContext } from '../modules/audit/audit.js';
import { FieldKeyError, type RotationSummary, rotateFieldKeys, storedFingerprint } from '../modules/system/field-key-rotation.js';
import { CliError, type Command, positionals, UsageError, withRuntime } from './command.js';

const SYSTEM: AuditContext = { actorId: null, actorRole: 'system', ip: null, divisionCode: null };

export interface RotateOptions {
  /** Generate a new key into the data folder's secrets.json first (the old one becomes a previous key). */
  newKey?: boolean;
  /** After a complete rotation, drop the previous keys from secrets.json. */
  forgetPrevious?: boolean;
  batchSize?: number;
  onProgress?: (line: string) => void;
}

export async function rotateFieldKey(config: Config, options: RotateOptions = {}): Promise<RotationSummary & { forgotten: number }> {
  const fromConfig = config.fieldKey !== undefined;
  if (fromConfig && (options.newKey || options.forgetPrevious)) {
    throw new UsageError(
      'the field key comes from WANGGE_FIELD_KEY, not the data folder: set WANGGE_FIELD_KEY to the new key and WANGGE_FIELD_KEYS_PREVIOUS to the old one, then run `wangge rotate-field-key` without --new-key / --forget-previous',
    );
  }
  return withRuntime(config, async (opened) => {
    let ctx = opened;
    const recorded = await storedFingerprint(ctx.db);
    if (recorded !== undefined && !ctx.cipher.fingerprints.includes(recorded)) {
      throw new CliError(
        `this database was encrypted with a field key (fingerprint ${recorded}) that is neither WANGGE_FIELD_KEY nor one of WANGGE_FIELD_KEYS_PREVIOUS; nothing was changed`,
      );
    }
    if (options.newKey) {
      // The data-folder lock is held: nobody else reads secrets.json while it changes.
      const fresh = generateNextFieldKey(config.dataDir);
      ctx = { ...ctx, cipher: new FieldCipher(fresh, [opened.cipher.keyBytes, ...opened.cipher.previousKeys]) };
      options.onProgress?.(`new field key ${keyFingerprint(fresh)} written to ${config.dataDir}/secrets.json; the old key is kept there as a previous key`);
    }
    let summary: RotationSummary;
    try {
      summary = await rotateFieldKeys(ctx, SYSTEM, {
        batchSize: options.batchSize,
        onProgress: (p) => options.onProgress?.(`${p.table}: ${p.values} values in ${p.rows} rows re-encrypted`),
      });
    } catch (err) {
      if (err instanceof FieldKeyError) throw new CliError(err.message);
      throw err;
    }
    const forgotten = summary.remaining === 0 && options.forgetPrevious ? forgetPreviousFieldKeys(config.dataDir) : 0;
    return { ...summary, forgotten };
  });
}

export const rotateFieldKeyCommand: Command = {
  name: 'rotate-field-key',
  args: '[--new-key] [--forget-previous]',
  summary: 're-encrypt every personal-data field under the current field key and record its fingerprint',
  help: [
    "Re-encrypts every sealed value (ID numbers, phones, addresses, notes, reporters' contacts, account phones)",
    'that is not under the current field key, recomputes its search hash, in batches of 1,000 rows, and records',
    "the current key's fingerprint. Stopped half-way, it continues where it was when run again; a second run",
    'changes nothing. The earlier key must be in the ring: WANGGE_FIELD_KEYS_PREVIOUS, or secrets.json.',
    '  --new-key          (key generated in the data folder) first make a new key; the old one is kept as a previous key',
    '  --forget-previous  (key generated in the data folder) after a complete rotation, drop the previous keys from secrets.json',
    'Example (keys in the environment): WANGGE_FIELD_KEY=<new> WANGGE_FIELD_KEYS_PREVIOUS=<old> wangge rotate-field-key',
    'Example (keys in the data folder, server stopped): wangge rotate-field-key --new-key',
  ].join('\n'),
  options: { 'new-key': { type: 'boolean' }, 'forget-previous': { type: 'boolean' } },
  async run(args) {
    positionals(args, []);
    const config = loadConfig();
    const s = await rotateFieldKey(config, {
      newKey: args.values['new-key'] === true,
      forgetPrevious: args.values['forget-previous'] === true,
      onProgress: (line) => console.error(line),
    });
    for (const t of s.tables) console.log(`${t.table}: ${t.values} values re-encrypted in ${t.rows} rows`);
    if (s.remaining > 0) {
      console.log(
        `${s.remaining} values are still under an earlier key (written meanwhile by an instance that still seals with it?): restart every instance with the new key, then run this command again`,
      );
      return 1;
    }
    console.log(
      s.changed ? `field key ${s.fingerprint} recorded: every value is under it` : `nothing to do: every value is already under field key ${s.fingerprint}`,
    );
    if (s.forgotten > 0) console.log(`${s.forgotten} previous key(s) removed from secrets.json`);
    else if (s.changed) console.log('the previous key(s) are no longer needed by this database: keep them only with backups made before now');
    return 0;
  },
};
