// A sweep worker thread: loads the scenario once, then runs each seed it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { loadScenarioInput } from './scenario-input.js';
import { runSeed } from './sweep-core.js';
import type { WorkerInput } from './sweep-pool.js';

const input = workerData as WorkerInput;
const { scenario, protocol } = await loadScenarioInput(input.file, { set: input.set });
parentPort!.on('message', (seed: number | null) => {
  if (seed === null) {
    process.exit(0);
  }
  parentPort!.postMessage(runSeed(scenario, protocol, seed));
});
parentPort!.postMessage('ready');
