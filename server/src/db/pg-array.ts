// A PostgreSQL array literal, sent as one text parameter and cast in the query
// (`unnest(${pgArrayLiteral(xs)}::text[])`): a batch of a thousand rows is a handful of parameters,
// not tens of thousands, and no query builder walks them one by one. Every element is quoted, so
// any text goes (a NUL character cannot: PostgreSQL text never holds one, and the callers' input
// checks refuse it).
export function pgArrayLiteral(values: readonly (string | number | boolean | null | undefined)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v === null || v === undefined) {
      out += 'NULL';
      continue;
    }
    const text = String(v);
    // Most values have nothing to escape: no regular expression run over them.
    out += text.includes('"') || text.includes('\\') ? `"${text.replace(/[\\"]/g, '\\$&')}"` : `"${text}"`;
  }
  return `${out}}`;
}
