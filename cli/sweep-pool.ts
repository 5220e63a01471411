// Runs seeds on worker threads, one seed at a time per worker, and returns the results in
// seed order (so the report does not depend on which worker finished first).
//
// A worker that dies (an 'error' event, or an exit without one: process.exit in a
// handler, the thread killed for memory) costs only the seed it was running: that seed is
// reported with verdict `error` and the reason, a fresh worker takes the next seed, and
// the sweep goes on. It never waits for a worker that is gone.
import { Worker } from 'node:worker_threads';
import type { SeedResult } from './sweep-core.js';

export interface WorkerInput {
  readonly file: string;
  readonly set: readonly string[];
}

/** Starts one worker; replaceable in tests. The pool runs compiled (dist/), so the worker is .js. */
export type StartWorker = (input: WorkerInput) => Worker;

export const startSweepWorker: StartWorker = (input) =>
  new Worker(new URL('./sweep-worker.js', import.meta.url), { workerData: input });

/** The result recorded for a seed whose worker died while running it. */
function lostSeed(seed: number, why: string): SeedResult {
  return { seed, verdict: 'error', asExpected: false, traceHash: '', reproducible: true, reason: `the worker thread running this seed ${why}`, violated: [], events: 0, virtualTimeUs: 0 };
}

export function runSeedsInWorkers(
  input: WorkerInput,
  seeds: readonly number[],
  jobs: number,
  onResult: (result: SeedResult, done: number) => void,
  startWorker: StartWorker = startSweepWorker,
): Promise<SeedResult[]> {
  const results = new Map<number, SeedResult>();
  let next = 0;
  let done = 0;
  return new Promise((resolve) => {
    const live = new Set<Worker>();
    const record = (result: SeedResult) => {
      results.set(result.seed, result);
      done++;
      onResult(result, done);
      if (done === seeds.length) {
        for (const w of live) void w.terminate();
        live.clear();
        resolve(seeds.map((s) => results.get(s)!));
      }
    };
    const start = () => {
      const worker = startWorker(input);
      live.add(worker);
      let running: number | null = null;
      const feed = () => {
        running = next < seeds.length ? seeds[next++]! : null;
        worker.postMessage(running);
      };
      // A worker that fails, or stops without saying why, loses its seed, not the sweep.
      const died = (why: string) => {
        if (!live.delete(worker)) return;
        void worker.terminate();
        const seed = running;
        running = null;
        if (seed !== null) {
          if (next < seeds.length) start();
          record(lostSeed(seed, why));
        } else if (live.size === 0) {
          // No worker left to hand the rest to (every one died before taking a seed).
          while (next < seeds.length) record(lostSeed(seeds[next++]!, `could not start: ${why}`));
        }
      };
      worker.on('message', (message: SeedResult | 'ready') => {
        if (message !== 'ready') {
          running = null;
          record(message);
        }
        if (live.has(worker)) feed();
      });
      worker.on('error', (error) => died(`failed: ${error.message}`));
      worker.on('exit', (code) => died(`exited (code ${code}) without a result`));
    };
    const count = Math.max(1, Math.min(jobs, seeds.length));
    for (let k = 0; k < count; k++) start();
  });
}
