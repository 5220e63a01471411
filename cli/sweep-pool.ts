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
  return { seed, verdict: 'error', asExpected: false, traceHash: '', reproducible: true, reason: `the worker thread running this seed ${why}`, violated: [], events: 0, virtualTimeUs: 0, figures: {} };
}

export function runSeedsInWorkers(
  input: WorkerInput,
  seeds: readonly number[],
  jobs: number,
  onResult: (result: SeedResult, done: number) => void,
  startWorker: StartWorker = startSweepWorker,
): Promise<SeedResult[]> {
  return new Promise((resolve) => {
    const pool = new SeedPool(input, seeds, startWorker, onResult, resolve);
    for (let k = 0; k < Math.max(1, Math.min(jobs, seeds.length)); k++) pool.start();
  });
}

/** Hands seeds to workers one at a time and collects their results. */
class SeedPool {
  private readonly results = new Map<number, SeedResult>();
  private readonly live = new Set<Worker>();
  private next = 0;
  private done = 0;

  constructor(
    private readonly input: WorkerInput,
    private readonly seeds: readonly number[],
    private readonly startWorker: StartWorker,
    private readonly onResult: (result: SeedResult, done: number) => void,
    private readonly resolve: (results: SeedResult[]) => void,
  ) {}

  start(): void {
    const worker = this.startWorker(this.input);
    this.live.add(worker);
    let running: number | null = null;
    worker.on('message', (message: SeedResult | 'ready') => {
      if (message !== 'ready') {
        running = null;
        this.record(message);
      }
      if (!this.live.has(worker)) return;
      running = this.next < this.seeds.length ? this.seeds[this.next++]! : null;
      worker.postMessage(running);
    });
    // A worker that fails, or stops without saying why, loses its seed, not the sweep.
    const died = (why: string) => {
      if (!this.live.delete(worker)) return;
      void worker.terminate();
      const seed = running;
      running = null;
      this.lost(seed, why);
    };
    worker.on('error', (error) => died(`failed: ${error.message}`));
    worker.on('exit', (code) => died(`exited (code ${code}) without a result`));
  }

  private lost(seed: number | null, why: string): void {
    if (seed !== null) {
      if (this.next < this.seeds.length) this.start();
      this.record(lostSeed(seed, why));
    } else if (this.live.size === 0) {
      // No worker left to hand the rest to (every one died before taking a seed).
      while (this.next < this.seeds.length) this.record(lostSeed(this.seeds[this.next++]!, `could not start: ${why}`));
    }
  }

  private record(result: SeedResult): void {
    this.results.set(result.seed, result);
    this.done++;
    this.onResult(result, this.done);
    if (this.done < this.seeds.length) return;
    for (const w of this.live) void w.terminate();
    this.live.clear();
    this.resolve(this.seeds.map((s) => this.results.get(s)!));
  }
}
