import { useEffect, useState } from 'react';

/**
 * Loads `load(query)` whenever the query changes, and again on `reload()`; answers that arrive after a
 * newer request started are dropped. For the console's list pages.
 */
export function useQueryResult<Q, T>(load: (query: Q) => Promise<T>, query: Q) {
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the loader is a module function; attempt is the reload trigger
  useEffect(() => {
    let live = true;
    setLoading(true);
    load(query)
      .then((value) => {
        if (!live) return;
        setData(value);
        setError(null);
      })
      .catch((caught: unknown) => live && setError(caught))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [query, attempt]);

  return { data, loading, error, reload: () => setAttempt((n) => n + 1) };
}
