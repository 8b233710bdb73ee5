// A small unified diff for check-generated's messages, so a stale generated file shows what changed
// without git or a diff tool on the machine. Myers' O(ND) algorithm, which is fast when the
// difference is small, the usual case; a huge difference falls back to one coarse hunk.

export interface DiffOp {
  kind: ' ' | '-' | '+';
  text: string;
}

/** The shortest edit script turning `a` into `b`, or undefined beyond `maxEdits` edits. */
export function diffLines(a: string[], b: string[], maxEdits = 2000): DiffOp[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d]: the furthest x on each diagonal k in [-d-1, d+1] before step d, stored at k + d + 1.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= Math.min(max, maxEdits); d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number));
      let x = down ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b);
    }
  }
  return undefined;
}

function backtrack(trace: Int32Array[], a: string[], b: string[]): DiffOp[] {
  const ops: DiffOp[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d] as Int32Array;
    const at = (k: number) => v[k + d + 1] as number;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x -= 1;
      y -= 1;
      ops.push({ kind: ' ', text: a[x] as string });
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: '+', text: b[prevY] as string });
      else ops.push({ kind: '-', text: a[prevX] as string });
    }
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

/** Unified diff of two texts with 3 lines of context, cut after `maxLines` lines. */
export function lineDiff(before: string, after: string, beforeName: string, afterName: string, maxLines = 80): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const ops = diffLines(a, b) ?? [...a.map((text): DiffOp => ({ kind: '-', text })), ...b.map((text): DiffOp => ({ kind: '+', text }))];
  const out = [`--- ${beforeName}`, `+++ ${afterName}`];
  const context = 3;
  // Positions (in ops) of changes, grouped into hunks when their context would touch.
  let i = 0;
  let aLine = 0;
  let bLine = 0;
  const lineAt: { a: number; b: number }[] = ops.map((op) => {
    const here = { a: aLine, b: bLine };
    if (op.kind !== '+') aLine += 1;
    if (op.kind !== '-') bLine += 1;
    return here;
  });
  while (i < ops.length) {
    if (ops[i]?.kind === ' ') {
      i += 1;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    for (let j = i; j < ops.length && j - end <= 2 * context; j++) if (ops[j]?.kind !== ' ') end = j;
    const stop = Math.min(ops.length, end + context + 1);
    const hunk = ops.slice(start, stop);
    const first = lineAt[start] as { a: number; b: number };
    const aCount = hunk.filter((op) => op.kind !== '+').length;
    const bCount = hunk.filter((op) => op.kind !== '-').length;
    out.push(`@@ -${first.a + 1},${aCount} +${first.b + 1},${bCount} @@`, ...hunk.map((op) => `${op.kind}${op.text}`));
    i = stop;
  }
  if (out.length > maxLines + 2) return [...out.slice(0, maxLines + 2), `… (${out.length - maxLines - 2} more diff lines)`].join('\n');
  return out.join('\n');
}
