// Runs seeds on worker threads, one seed at a time per worker, and returns the results in
// seed order (so the report does not depend on which worker finished first).
import { Worker } from 'node:worker_threads';
import type { SeedResult } from './sweep-core.js';

/**
 * Compiled, the worker is plain .js. Run from the .ts sources (tests, tsx), the worker
 * first registers tsx's loader and then imports the .ts file: Node 20 does not apply an
 * `--import` hook to a worker's entry module.
 */
function startWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./sweep-worker.js', import.meta.url), { workerData });
  }
  const entry = new URL('./sweep-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
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
      const worker = startWorker({ file, set });
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
