// Old against new in one process: the Raft bench run (scenarios/raft/random-faults.yaml for
// 60 virtual seconds, every check on, what `faultline run` does) from two compiled trees,
// taking turns seed by seed so that a busy moment on a shared machine hits both alike.
// Reports the median CPU time per run of each. Build both trees first (`npm run build` in
// each checkout), then:
//   node dist/bench/raft-ab.js <old>/dist <new>/dist [rounds]
// Each tree is loaded from its own directory, so the two runs share nothing but the process.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { checkRunHistory as CheckRunHistory } from '../cli/linearizability.js';
import type { loadScenario as LoadScenario } from '../cli/scenario-input.js';
import type { runScenario as RunScenario } from '../sim/run.js';
import { RAFT_BENCH_SET } from './raft.js';

interface Tree {
  readonly name: string;
  readonly run: (seed: number) => void;
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const WARMUP_SEEDS = [1001, 1002, 1003];

async function loadTree(name: string, dist: string, scenarioFile: string): Promise<Tree> {
  const url = (path: string) => pathToFileURL(resolve(dist, path)).href;
  const { runScenario } = (await import(url('sim/run.js'))) as { runScenario: typeof RunScenario };
  const { loadScenario } = (await import(url('cli/scenario-input.js'))) as { loadScenario: typeof LoadScenario };
  const { checkRunHistory } = (await import(url('cli/linearizability.js'))) as { checkRunHistory: typeof CheckRunHistory };
  const { scenario, protocol } = loadScenario(scenarioFile, { set: [...RAFT_BENCH_SET] });
  return {
    name,
    run: (seed) => {
      const result = runScenario({ ...scenario, seed }, protocol, { checkLinearizability: checkRunHistory });
      if (result.verdict !== 'pass' && result.verdict !== 'unknown') throw new Error(`${name} seed ${seed}: ${result.verdict}`);
    },
  };
}

function cpuMsOf(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const [oldDist, newDist, roundsArg] = process.argv.slice(2);
  if (oldDist === undefined || newDist === undefined) {
    console.error('usage: node dist/bench/raft-ab.js <old dist dir> <new dist dir> [rounds]');
    process.exit(2);
  }
  const rounds = Number(roundsArg ?? 3);
  const scenarioFile = resolve(newDist, '..', 'scenarios/raft/random-faults.yaml');
  const trees = [await loadTree('old', oldDist, scenarioFile), await loadTree('new', newDist, scenarioFile)];
  for (const seed of WARMUP_SEEDS) for (const tree of trees) tree.run(seed);
  const cpu = new Map(trees.map((t) => [t.name, [] as number[]]));
  for (let round = 0; round < rounds; round++) {
    for (const seed of SEEDS) for (const tree of round % 2 === 0 ? trees : [...trees].reverse()) cpu.get(tree.name)!.push(cpuMsOf(() => tree.run(seed)));
  }
  for (const tree of trees) {
    const values = cpu.get(tree.name)!;
    console.log(`${tree.name}: median ${median(values).toFixed(1)} ms CPU per 60 virtual s (min ${Math.min(...values).toFixed(1)}, ${values.length} runs)`);
  }
}

await main();
