import { describe, expect, it } from 'vitest';
import { diffLines, lineDiff } from './line-diff.js';

function lcs(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] as number;
      row[j] = x === b[j - 1] ? diagonal + 1 : Math.max(up, row[j - 1] as number);
      diagonal = up;
    }
  }
  return row[b.length] as number;
}

describe('lineDiff', () => {
  it('shows each change as its own hunk with 3 lines of context', () => {
    const before = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const after = [...before];
    after.splice(4, 1, 'line 5 changed');
    after.splice(25, 0, 'inserted');
    expect(lineDiff(before.join('\n'), after.join('\n'), 'old', 'new').split('\n')).toEqual([
      '--- old',
      '+++ new',
      '@@ -2,7 +2,7 @@',
      ' line 2',
      ' line 3',
      ' line 4',
      '-line 5',
      '+line 5 changed',
      ' line 6',
      ' line 7',
      ' line 8',
      '@@ -23,6 +23,7 @@',
      ' line 23',
      ' line 24',
      ' line 25',
      '+inserted',
      ' line 26',
      ' line 27',
      ' line 28',
    ]);
  });

  it('finds an edit script that turns one text into the other', () => {
    // A fixed pseudo-random sequence: the same cases every run.
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let run = 0; run < 200; run++) {
      const a = Array.from({ length: rand(40) }, () => `l${rand(6)}`);
      const b = Array.from({ length: rand(40) }, () => `l${rand(6)}`);
      const ops = diffLines(a, b);
      expect(ops).toBeDefined();
      expect(ops?.filter((o) => o.kind !== '+').map((o) => o.text)).toEqual(a);
      expect(ops?.filter((o) => o.kind !== '-').map((o) => o.text)).toEqual(b);
      // and the shortest one: every line not in a longest common subsequence, no more.
      expect(ops?.filter((o) => o.kind !== ' ')).toHaveLength(a.length + b.length - 2 * lcs(a, b));
    }
  });

  it('says how much it left out of a long diff', () => {
    const diff = lineDiff('', Array.from({ length: 500 }, (_, i) => `${i}`).join('\n'), 'old', 'new', 20);
    expect(diff.split('\n')).toHaveLength(23);
    expect(diff).toMatch(/… \(\d+ more diff lines\)$/);
  });
});
