/**
 * What of an unexpected error goes to the log. A failed query's error carries its parameters,
 * which can be personal data: log the SQL text and the database's own message, never the values.
 */
export function loggableError(err: Error): Record<string, unknown> {
  const cause = (err as { cause?: unknown }).cause;
  if ('query' in err && 'params' in err) {
    const c = cause instanceof Error ? cause : undefined;
    return {
      type: err.name,
      query: (err as { query?: string }).query,
      cause: c ? { message: c.message, code: (c as { code?: string }).code } : undefined,
      // The message lines of the stack repeat the query and its parameters; keep only the frames.
      stack: err.stack
        ?.split('\n')
        .filter((line) => line.trimStart().startsWith('at '))
        .join('\n'),
    };
  }
  return { type: err.name, message: err.message, stack: err.stack };
}
