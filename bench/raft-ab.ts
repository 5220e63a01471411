// Old against new in one process: a protocol's bench run (by default Raft's:
// scenarios/raft/random-faults.yaml for 60 virtual seconds, every check on, what
// `faultline run` does) from two compiled trees, taking turns seed by seed so that a busy
// moment on a shared machine hits both alike. Reports the median CPU time per run of
// each, and the median of new/old over pairs of runs taken back to back (the steadiest
// figure on a shared machine). Build both trees first (`npm run build` in each checkout):
//   node dist/bench/raft-ab.js <old>/dist <new>/dist [rounds] [target]
// target: raft (default), multi-paxos, 2pc, saga, saga-choreographed, redlock, quorum, quorum-1000 (AB_TARGETS below: each
// the scenario and overrides of that protocol's bench). Each tree is loaded from its own
// directory, so the two runs share nothing but the process.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { loadScenario as LoadScenario } from '../cli/scenario-input.js';
import type { runScenario as RunScenario } from '../sim/run.js';
import { MULTI_PAXOS_BENCH_SET } from './multi-paxos.js';
import { QUORUM_BENCH_LOAD } from './quorum.js';
import { RAFT_BENCH_SET } from './raft.js';
import { REDLOCK_BENCH_SET } from './redlock.js';
import { SAGA_BENCH_SET } from './saga.js';
import { TWOPC_BENCH_SET } from './twopc.js';
import { cpuMsOf, MEASURED_SEEDS, median, WARMUP_SEEDS } from './common.js';

/** What each target runs: the scenario and overrides its protocol's bench uses (60 virtual seconds). */
const STRETCH = ['duration=60s', 'nemesis.stop=57s'];
const AB_TARGETS: Readonly<Record<string, { readonly scenario: string; readonly set: readonly string[] }>> = {
  raft: { scenario: 'scenarios/raft/random-faults.yaml', set: RAFT_BENCH_SET },
  'multi-paxos': { scenario: 'scenarios/paxos/multi-paxos-random-faults.yaml', set: MULTI_PAXOS_BENCH_SET },
  '2pc': { scenario: 'scenarios/2pc/random-faults.yaml', set: TWOPC_BENCH_SET },
  saga: { scenario: 'scenarios/saga/random-nemesis.yaml', set: SAGA_BENCH_SET },
  'saga-choreographed': { scenario: 'scenarios/saga/choreographed-random-nemesis.yaml', set: SAGA_BENCH_SET },
  redlock: { scenario: 'scenarios/redlock/random-faults.yaml', set: REDLOCK_BENCH_SET },
  quorum: { scenario: 'scenarios/quorum/random-faults.yaml', set: [...STRETCH, 'workload.rate=100/s', 'workload.keys=4', 'clients=4'] },
  'quorum-1000': { scenario: 'scenarios/quorum/random-faults.yaml', set: [...STRETCH, ...QUORUM_BENCH_LOAD] },
};

interface Tree {
  readonly name: string;
  readonly run: (seed: number) => void;
}

async function loadTree(name: string, dist: string, scenarioFile: string, set: readonly string[]): Promise<Tree> {
  const url = (path: string) => pathToFileURL(resolve(dist, path)).href;
  const { runScenario } = (await import(url('sim/run.js'))) as { runScenario: typeof RunScenario };
  const { loadScenario } = (await import(url('cli/scenario-input.js'))) as { loadScenario: typeof LoadScenario };
  // Trees from before the checks moved into run() took the checker as an option.
  const legacy = (await import(url('cli/linearizability.js')).catch(() => null)) as { checkRunHistory: unknown } | null;
  const options = (legacy === null ? {} : { checkLinearizability: legacy.checkRunHistory }) as Parameters<typeof RunScenario>[2];
  const { scenario, protocol } = loadScenario(scenarioFile, { set: [...set] });
  return {
    name,
    run: (seed) => {
      const result = runScenario({ ...scenario, seed }, protocol, options);
      if (result.verdict === 'pass' || result.verdict === 'unknown') return;
      // The new tree must pass; an old one may fail a seed on a bug the new one fixed (say so, and go on).
      if (name !== 'old') throw new Error(`${name} seed ${seed}: ${result.verdict}`);
      console.log(`(old seed ${seed}: ${result.verdict}: ${result.reason})`);
    },
  };
}

async function main(): Promise<void> {
  const [oldDist, newDist, roundsArg, targetArg] = process.argv.slice(2);
  const target = AB_TARGETS[targetArg ?? 'raft'];
  if (oldDist === undefined || newDist === undefined || target === undefined) {
    console.error(`usage: node dist/bench/raft-ab.js <old dist dir> <new dist dir> [rounds] [${Object.keys(AB_TARGETS).join('|')}]`);
    process.exit(2);
  }
  const rounds = Number(roundsArg ?? 3);
  const scenarioFile = resolve(newDist, '..', target.scenario);
  const trees = [await loadTree('old', oldDist, scenarioFile, target.set), await loadTree('new', newDist, scenarioFile, target.set)];
  for (const seed of WARMUP_SEEDS) for (const tree of trees) tree.run(seed);
  const cpu = new Map(trees.map((t) => [t.name, [] as number[]]));
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const seed of MEASURED_SEEDS) {
      for (const tree of round % 2 === 0 ? trees : [...trees].reverse()) cpu.get(tree.name)!.push(cpuMsOf(() => tree.run(seed)));
      const [oldMs, newMs] = trees.map((t) => cpu.get(t.name)!.at(-1)!);
      ratios.push(newMs! / oldMs!);
    }
  }
  console.log(`${targetArg ?? 'raft'}: ${target.scenario} ${target.set.join(' ')}`);
  for (const tree of trees) {
    const values = cpu.get(tree.name)!;
    console.log(`${tree.name}: median ${median(values).toFixed(1)} ms CPU per 60 virtual s (min ${Math.min(...values).toFixed(1)}, ${values.length} runs)`);
  }
  console.log(`new/old: median ${median(ratios).toFixed(3)} over ${ratios.length} back-to-back pairs`);
}

await main();
