// Multi-Paxos benchmarks, measured exactly as Raft's (bench/raft.ts): the shipped
// scenarios/paxos/multi-paxos-random-faults.yaml stretched to 60 virtual seconds (five
// servers, four clients at 100 ops/s, the random nemesis of all six kinds until 57s), as
// speed versus real time with no checks, with invariants, with every check; and a 300-seed
// sweep of it on two worker threads.
import type { BenchResult } from './main.js';
import { benchReplicatedKv } from './raft.js';

export const MULTI_PAXOS_BENCH_SET: readonly string[] = ['duration=60s', 'nemesis.stop=57s'];

export function benchMultiPaxos(): Promise<BenchResult[]> {
  return benchReplicatedKv({
    label: 'multi-paxos',
    scenario: 'scenarios/paxos/multi-paxos-random-faults.yaml',
    set: MULTI_PAXOS_BENCH_SET,
    // The 1,000x real time, by CPU time: 60 ms of CPU per 60 virtual seconds.
    cpuMsMax: 60,
  });
}
