// `wangge sweep-blobs`: one orphan sweep of the attachment blobs, as each server runs daily: the blobs
// written over a day ago that no attachment row names (a failed upload's) are removed. Safe beside
// running servers and uploads (attachments/attachment-sweep.ts).
import { loadConfig } from '../config.js';
import { sweepOrphanBlobs } from '../modules/attachments/attachment-sweep.js';
import { type Command, positionals, withRuntime } from './command.js';

export const sweepBlobsCommand: Command = {
  name: 'sweep-blobs',
  args: '',
  summary: 'remove attachment blobs no attachment names, once a day old',
  help: [
    'Looks at every blob in the attachment store written over a day ago, removes those no attachment',
    'row names (left by an upload whose transaction failed), and prints',
    '"swept attachment blobs: checked C, removed R".',
    'Example: wangge sweep-blobs',
  ].join('\n'),
  async run(args) {
    positionals(args, []);
    const counts = await withRuntime(loadConfig(), (ctx) => sweepOrphanBlobs(ctx));
    console.log(`swept attachment blobs: checked ${counts.checked}, removed ${counts.removed}`);
    return 0;
  },
};
