// A scenario file that uses every field of the format, and the Scenario it must load to.
import type { Scenario } from '../../sim/scenario/types.js';
import { FILE } from './helpers.js';
import { NEMESIS_EXTRAS, plainKinds } from '../support/nemesis.js';

export const FULL = `
# yaml-language-server: $schema=../faultline.schema.json
name: raft-leader-isolated
description: |
  The leader is cut off.
protocol: raft
config: { electionTimeout: 200ms..400ms, heartbeat: 20ms, preVote: false }
variant: figure8-commit
nodes: [a1, a2, a3, a4, a5]
clients: [w1, w2]
seed: 42
duration: 20s
network:
  latency: { dist: lognormal, median: 2ms, p99: 20ms }
  drop: 0.5%
  duplicate: 0.1%
  reorder: 2%
  reorderDelay: 5ms
  fifo: true
  inFlight: deliver
  links:
    - { from: a1, to: '*', latency: 7ms, drop: 10% }
    - { from: '*', to: w2, latency: { dist: exponential, mean: 3ms }, duplicate: 1%, reorder: 5%, reorderDelay: 1ms }
    - { from: a2, to: a3, latency: { dist: normal, mean: 4ms, stddev: 1ms } }
    - { from: a3, to: a4, latency: 1ms..2ms }
    - { from: a4, to: a5, latency: { dist: uniform, min: 1ms, max: 9ms } }
    - { from: a5, to: a1, latency: { dist: constant, value: 500us } }
    - from: a5
      to: a2
      latency: { dist: bimodal, fast: 1ms, slow: { dist: lognormal, median: 50ms, p99: 200ms }, slow_probability: 5% }
    - { from: w1, to: a1, latency: { dist: bimodal, fast: 1ms, slow: 100ms, slowProbability: 2% } }
    - { from: w2, to: a1, latency: { dist: bimodal, fast: 1ms, slow: 100ms } }
clocks: { drift: 100ppm, offset: 5ms, nodes: { a1: { drift: -300ppm, offset: -2ms }, w1: { drift: 7 } } }
disk: { loseUnsyncedWrites: true }
workload:
  keys: 7
  keyDistribution: zipfian
  zipfTheta: 0.8
  mix: { get: 50%, put: 30%, cas: 20% }
  rate: 5/ms
  concurrency: 2
  think: 3ms
  timeout: 2s
  start: 1s
  stop: 18s
faults:
  - { at: 12s, heal: all }
  - { at: 5s, partition: [[leader], rest], for: 2s }
  - { at: 5s, partition: { oneway: { from: [a1], to: [a2, a3] } } }
  - { at: 6s, partition: { bridge: a3 } }
  - { at: 6s, partition: { bridge: a3, sides: [[a1, a2], [a4, a5]] } }
  - { at: 7s, heal: true }
  - { at: 3s, crash: leader }
  - { at: 3s, crash: [a1, w1, servers, clients, all, random] }
  - { at: 4s, restart: a1 }
  - { at: 6s, pause: a2, for: 2s }
  - { at: 6.5s, resume: a2 }
  - { at: 7s, clock: { node: a1, step: -500ms } }
  - { at: 7s, clock: { node: [a2, a3], step: 1s } }
  - { at: 7s, drift: { node: a1, ppm: 500 }, for: 1s }
  - { at: 7s, drift: { node: follower, ppm: '-20ppm' } }
  - { at: 8s, loss: 20%, for: 1s }
  - { at: 9s, clog: a2, for: 1s }
  - { at: 9500ms, unclog: [a2] }
nemesis: { kinds: [partition, crash], interval: 3s, duration: 500ms..2s, start: 2s, stop: 15s, clockStep: 200ms, drift: 50ppm, loss: 10% }
settle: 4s
checks: { linearizability: true, invariants: false, searchSteps: 30000000, maxMemory: 2GiB }
expect: { verdict: violation, violation: linearizability, sometimes: [became-leader, commit] }
limits: { events: 1000000, wallTime: 90s }
`;

export const EXPECTED_FULL: Scenario = {
  file: FILE,
  name: 'raft-leader-isolated',
  description: 'The leader is cut off.\n',
  protocol: 'raft',
  config: { electionTimeout: { minUs: 200_000, maxUs: 400_000 }, heartbeat: 20_000, preVote: false },
  variant: 'figure8-commit',
  servers: ['a1', 'a2', 'a3', 'a4', 'a5'],
  spares: [],
  services: [],
  clients: ['w1', 'w2'],
  seed: 42,
  durationUs: 20_000_000,
  network: {
    latency: { dist: 'lognormal', medianUs: 2_000, p99Us: 20_000 },
    drop: 0.005,
    duplicate: 0.001,
    reorder: 0.02,
    reorderDelayUs: 5_000,
    fifo: true,
    partitionDropsInFlight: false,
    links: [
      { from: 'a1', to: '*', latency: { dist: 'constant', valueUs: 7_000 }, drop: 0.1 },
      {
        from: '*',
        to: 'w2',
        latency: { dist: 'exponential', meanUs: 3_000 },
        duplicate: 0.01,
        reorder: 0.05,
        reorderDelayUs: 1_000,
      },
      { from: 'a2', to: 'a3', latency: { dist: 'normal', meanUs: 4_000, stddevUs: 1_000 } },
      { from: 'a3', to: 'a4', latency: { dist: 'uniform', minUs: 1_000, maxUs: 2_000 } },
      { from: 'a4', to: 'a5', latency: { dist: 'uniform', minUs: 1_000, maxUs: 9_000 } },
      { from: 'a5', to: 'a1', latency: { dist: 'constant', valueUs: 500 } },
      {
        from: 'a5',
        to: 'a2',
        latency: {
          dist: 'bimodal',
          fast: { dist: 'constant', valueUs: 1_000 },
          slow: { dist: 'lognormal', medianUs: 50_000, p99Us: 200_000 },
          slowProbability: 0.05,
        },
      },
      {
        from: 'w1',
        to: 'a1',
        latency: {
          dist: 'bimodal',
          fast: { dist: 'constant', valueUs: 1_000 },
          slow: { dist: 'constant', valueUs: 100_000 },
          slowProbability: 0.02,
        },
      },
      {
        from: 'w2',
        to: 'a1',
        latency: {
          dist: 'bimodal',
          fast: { dist: 'constant', valueUs: 1_000 },
          slow: { dist: 'constant', valueUs: 100_000 },
          slowProbability: 0.01,
        },
      },
    ],
  },
  clocks: { driftPpm: 100, offsetUs: 5_000, nodes: { a1: { driftPpm: -300, offsetUs: -2_000 }, w1: { driftPpm: 7 } } },
  syncLatency: null,
  loseUnsyncedWrites: true,
  workload: {
    generator: 'kv',
    keys: 7,
    keyDistribution: 'zipfian',
    zipfTheta: 0.8,
    mix: { get: 0.5, put: 0.3, cas: 0.2 },
    ratePerSecond: 5_000,
    concurrency: 2,
    thinkUs: 3_000,
    timeoutUs: 2_000_000,
    startUs: 1_000_000,
    stopUs: 18_000_000,
  },
  // Sorted by time; entries at the same time keep their file order.
  faults: [
    { atUs: 3_000_000, action: { kind: 'crash', targets: ['leader'] }, forUs: null },
    {
      atUs: 3_000_000,
      action: { kind: 'crash', targets: ['a1', 'w1', 'servers', 'clients', 'all', 'random'] },
      forUs: null,
    },
    { atUs: 4_000_000, action: { kind: 'restart', targets: ['a1'] }, forUs: null },
    {
      atUs: 5_000_000,
      action: { kind: 'partition', partition: { shape: 'groups', groups: [['leader'], ['rest']] } },
      forUs: 2_000_000,
    },
    {
      atUs: 5_000_000,
      action: { kind: 'partition', partition: { shape: 'oneway', from: ['a1'], to: ['a2', 'a3'] } },
      forUs: null,
    },
    { atUs: 6_000_000, action: { kind: 'partition', partition: { shape: 'bridge', via: 'a3' } }, forUs: null },
    {
      atUs: 6_000_000,
      action: {
        kind: 'partition',
        partition: { shape: 'bridge', via: 'a3', sides: [['a1', 'a2'], ['a4', 'a5']] },
      },
      forUs: null,
    },
    { atUs: 6_000_000, action: { kind: 'pause', targets: ['a2'] }, forUs: 2_000_000 },
    { atUs: 6_500_000, action: { kind: 'resume', targets: ['a2'] }, forUs: null },
    { atUs: 7_000_000, action: { kind: 'heal' }, forUs: null },
    { atUs: 7_000_000, action: { kind: 'clock-step', targets: ['a1'], stepUs: -500_000 }, forUs: null },
    { atUs: 7_000_000, action: { kind: 'clock-step', targets: ['a2', 'a3'], stepUs: 1_000_000 }, forUs: null },
    { atUs: 7_000_000, action: { kind: 'drift', targets: ['a1'], driftPpm: 500 }, forUs: 1_000_000 },
    { atUs: 7_000_000, action: { kind: 'drift', targets: ['follower'], driftPpm: -20 }, forUs: null },
    { atUs: 8_000_000, action: { kind: 'loss', drop: 0.2 }, forUs: 1_000_000 },
    { atUs: 9_000_000, action: { kind: 'clog', targets: ['a2'] }, forUs: 1_000_000 },
    { atUs: 9_500_000, action: { kind: 'unclog', targets: ['a2'] }, forUs: null },
    { atUs: 12_000_000, action: { kind: 'heal' }, forUs: null },
  ],
  nemesis: {
    kinds: plainKinds('partition', 'crash'),
    ...NEMESIS_EXTRAS,
    intervalUs: 3_000_000,
    durationMinUs: 500_000,
    durationMaxUs: 2_000_000,
    startUs: 2_000_000,
    stopUs: 15_000_000,
    clockStepMaxUs: 200_000,
    driftMaxPpm: 50,
    lossMax: 0.1,
  },
  settleUs: 4_000_000,
  drainUs: 0,
  checks: { linearizability: true, invariants: false, reportOnly: [], models: {}, availabilityWindowUs: 500_000, searchStepsMax: 30_000_000, checkMemoryBytesMax: 2 * 1024 ** 3 },
  expect: { verdict: 'violation', violation: 'linearizability', sometimes: ['became-leader', 'commit'], measures: {}, emptyCapture: 'vacuous' },
  limits: { eventsMax: 1_000_000, virtualTimeUsMax: 3_600_000_000, wallMsMax: 90_000 },
};
