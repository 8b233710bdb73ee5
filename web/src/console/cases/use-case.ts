import { useEffect, useState } from 'react';
import { getCase } from '../../api/client';
import type { CaseDetail } from '../../api/types';

/**
 * One case page (GET /api/cases/{id}), reloaded on `reload()`. While it reloads the case already shown
 * stays (so an open action dialog is not torn down); another case's data is never shown for this one.
 * `set` takes the case page an action answered with; a change of `refresh` loads it again.
 */
export function useCase(id: string | null, refresh = 0) {
  const [data, setData] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt and refresh are reload triggers
  useEffect(() => {
    if (!id) return;
    let live = true;
    setLoading(true);
    getCase(id)
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
  }, [id, attempt, refresh]);

  return { data: data && data.id === id ? data : null, error, loading, reload: () => setAttempt((n) => n + 1), set: setData };
}
