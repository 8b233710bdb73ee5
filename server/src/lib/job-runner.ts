// A periodic job in this process: runs `job` every `intervalMs`, never two runs at once (the next
// run is scheduled when the previous one has finished), and stops cleanly. It only *triggers* work
// whose state is in the database (STYLE.md: timers are rows): losing the process loses nothing, and
// several instances may each run one.

export interface JobRunner {
  /** Runs the job now, or waits for the run in progress; resolves when it is done. */
  runNow(): Promise<void>;
  /** No further runs; resolves when the run in progress (if any) has finished. */
  stop(): Promise<void>;
}

export interface JobRunnerOptions {
  intervalMs: number;
  job: () => Promise<void>;
  /** A run that threw: the runner goes on at the next interval. */
  onError: (err: unknown) => void;
}

export function startJobRunner({ intervalMs, job, onError }: JobRunnerOptions): JobRunner {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void run(), intervalMs);
    // A pending run never keeps the process alive on its own.
    timer.unref();
  };
  const run = (): Promise<void> => {
    if (running) return running;
    clearTimeout(timer);
    running = (async () => {
      try {
        await job();
      } catch (err) {
        onError(err);
      } finally {
        running = undefined;
        schedule();
      }
    })();
    return running;
  };

  schedule();
  return {
    runNow: () => (stopped ? Promise.resolve() : run()),
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
