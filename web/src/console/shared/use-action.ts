import { useState } from 'react';

/**
 * A button's action: `run(action, then)` marks it busy, clears the last error, awaits the action, then
 * calls `then`; a failure is kept as `error` (for an ErrorAlert) instead of being thrown.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function run(action: () => Promise<unknown>, then?: () => void): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await action();
      then?.();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}
