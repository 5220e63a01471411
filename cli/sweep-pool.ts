// Runs seeds on worker threads, one seed at a time per worker, and returns the results in
// seed order (so the report does not depend on which worker finished first).
import { Worker } from 'node:worker_threads';
import type { SeedResult } from './sweep-core.js';

/** Under vitest/tsx the sources are .ts and the worker needs tsx's loader; compiled, plain .js. */
function workerUrl(): { url: URL; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  return fromSource
    ? { url: new URL('./sweep-worker.ts', import.meta.url), execArgv: ['--import', 'tsx'] }
    : { url: new URL('./sweep-worker.js', import.meta.url), execArgv: [] };
}

export function runSeedsInWorkers(
  file: string,
  set: readonly string[],
  seeds: readonly number[],
  jobs: number,
  onResult: (result: SeedResult, done: number) => void,
): Promise<SeedResult[]> {
  const results = new Map<number, SeedResult>();
  let next = 0;
  let done = 0;
  const { url, execArgv } = workerUrl();
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    const finish = (error?: Error) => {
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve(seeds.map((s) => results.get(s)!));
    };
    const feed = (worker: Worker) => {
      if (next < seeds.length) worker.postMessage(seeds[next++]);
      else worker.postMessage(null);
    };
    const count = Math.max(1, Math.min(jobs, seeds.length));
    for (let k = 0; k < count; k++) {
      const worker = new Worker(url, { workerData: { file, set }, execArgv });
      workers.push(worker);
      worker.on('message', (message: SeedResult | 'ready') => {
        if (message !== 'ready') {
          results.set(message.seed, message);
          done++;
          onResult(message, done);
          if (done === seeds.length) return finish();
        }
        feed(worker);
      });
      worker.on('error', (error) => finish(error));
    }
  });
}
