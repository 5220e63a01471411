// fast-check arbitraries for whole scenarios: every latency distribution, loss,
// duplication, reordering, fifo, link overrides, clock drift and offset, scheduled faults
// of every kind (partitions of each shape, role and keyword targets), a nemesis, and open
// or closed loop workloads. Scenarios are plain JSON, so they can be sent to another
// process and run there.
import fc from 'fast-check';
import type {
  FaultAction,
  FaultSpec,
  LatencySpec,
  NemesisKind,
  NemesisSpec,
  PartitionSpec,
  Scenario,
  Target,
} from '../../sim/scenario/types.js';
import { makeScenario } from './scenario.js';
import { NEMESIS_EXTRAS, plainKinds } from './nemesis.js';

const ms = (n: number) => n * 1_000;

const simpleLatency: fc.Arbitrary<LatencySpec> = fc.oneof(
  fc.integer({ min: 1, max: ms(5) }).map((valueUs): LatencySpec => ({ dist: 'constant', valueUs })),
  fc
    .tuple(fc.integer({ min: 1, max: ms(3) }), fc.integer({ min: 0, max: ms(10) }))
    .map(([minUs, span]): LatencySpec => ({ dist: 'uniform', minUs, maxUs: minUs + span })),
  fc
    .tuple(fc.integer({ min: 100, max: ms(5) }), fc.integer({ min: 0, max: ms(5) }))
    .map(([meanUs, stddevUs]): LatencySpec => ({ dist: 'normal', meanUs, stddevUs })),
  fc.integer({ min: 50, max: ms(5) }).map((meanUs): LatencySpec => ({ dist: 'exponential', meanUs })),
  fc
    .tuple(fc.integer({ min: 100, max: ms(3) }), fc.integer({ min: 1, max: 20 }))
    .map(([medianUs, factor]): LatencySpec => ({ dist: 'lognormal', medianUs, p99Us: medianUs * factor })),
);

export const latencyArb: fc.Arbitrary<LatencySpec> = fc.oneof(
  { weight: 5, arbitrary: simpleLatency },
  {
    weight: 1,
    arbitrary: fc
      .tuple(simpleLatency, simpleLatency, fc.double({ min: 0, max: 0.5, noNaN: true }))
      .map(([fast, slow, slowProbability]): LatencySpec => ({ dist: 'bimodal', fast, slow, slowProbability })),
  },
);

const probabilityArb = (max: number) => fc.oneof(fc.constant(0), fc.double({ min: 0, max, noNaN: true }));

function targetArb(servers: readonly string[], clients: readonly string[]): fc.Arbitrary<Target> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...servers) },
    { weight: 1, arbitrary: clients.length > 0 ? fc.constantFrom(...clients) : fc.constantFrom(...servers) },
    { weight: 2, arbitrary: fc.constantFrom('leader', 'follower', 'no-such-role') },
    { weight: 1, arbitrary: fc.constantFrom('all', 'servers', 'clients', 'random') },
  );
}

function partitionArb(servers: readonly string[], clients: readonly string[]): fc.Arbitrary<PartitionSpec> {
  const target = targetArb(servers, clients);
  const group = fc.array(target, { minLength: 1, maxLength: 3 });
  return fc.oneof(
    fc
      .tuple(group, fc.oneof(group, fc.constant(['rest'])))
      .map(([a, b]): PartitionSpec => ({ shape: 'groups', groups: [a, b] })),
    fc.tuple(group, group, group).map(([a, b, c]): PartitionSpec => ({ shape: 'groups', groups: [a, b, c] })),
    fc
      .tuple(group, fc.oneof(group, fc.constant(['rest'])))
      .map(([from, to]): PartitionSpec => ({ shape: 'oneway', from, to })),
    fc
      .tuple(target, fc.option(fc.tuple(group, group), { nil: undefined }))
      .map(([via, sides]): PartitionSpec => (sides === undefined ? { shape: 'bridge', via } : { shape: 'bridge', via, sides })),
  );
}

function actionArb(servers: readonly string[], clients: readonly string[]): fc.Arbitrary<FaultAction> {
  const targets = fc.array(targetArb(servers, clients), { minLength: 1, maxLength: 2 });
  return fc.oneof(
    partitionArb(servers, clients).map((partition): FaultAction => ({ kind: 'partition', partition })),
    fc.constant<FaultAction>({ kind: 'heal' }),
    targets.map((t): FaultAction => ({ kind: 'crash', targets: t })),
    targets.map((t): FaultAction => ({ kind: 'restart', targets: t })),
    targets.map((t): FaultAction => ({ kind: 'pause', targets: t })),
    targets.map((t): FaultAction => ({ kind: 'resume', targets: t })),
    fc.tuple(targets, fc.integer({ min: -ms(50), max: ms(50) })).map(([t, stepUs]): FaultAction => ({ kind: 'clock-step', targets: t, stepUs })),
    fc.tuple(targets, fc.integer({ min: -300_000, max: 300_000 })).map(([t, driftPpm]): FaultAction => ({ kind: 'drift', targets: t, driftPpm })),
    fc.double({ min: 0, max: 1, noNaN: true }).map((drop): FaultAction => ({ kind: 'loss', drop })),
    targets.map((t): FaultAction => ({ kind: 'clog', targets: t })),
    targets.map((t): FaultAction => ({ kind: 'unclog', targets: t })),
  );
}

function faultArb(servers: readonly string[], clients: readonly string[], durationUs: number): fc.Arbitrary<FaultSpec> {
  return fc.record({
    atUs: fc.integer({ min: 0, max: durationUs }),
    forUs: fc.option(fc.integer({ min: 1, max: Math.floor(durationUs / 2) }), { nil: null }),
    action: actionArb(servers, clients),
  });
}

const NEMESIS_KINDS: readonly NemesisKind[] = ['partition', 'crash', 'pause', 'clock', 'loss', 'clog'];

function nemesisArb(durationUs: number): fc.Arbitrary<NemesisSpec> {
  return fc
    .record({
      kinds: fc.subarray([...NEMESIS_KINDS], { minLength: 1 }),
      intervalUs: fc.integer({ min: ms(10), max: ms(100) }),
      durationMinUs: fc.integer({ min: ms(1), max: ms(20) }),
      durationSpanUs: fc.integer({ min: 0, max: ms(50) }),
      startUs: fc.integer({ min: 0, max: Math.floor(durationUs / 4) }),
      clockStepMaxUs: fc.integer({ min: 0, max: ms(100) }),
      driftMaxPpm: fc.integer({ min: 0, max: 200_000 }),
      lossMax: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map((n) => ({
      kinds: plainKinds(...n.kinds),
      ...NEMESIS_EXTRAS,
      intervalUs: n.intervalUs,
      durationMinUs: n.durationMinUs,
      durationMaxUs: n.durationMinUs + n.durationSpanUs,
      startUs: n.startUs,
      stopUs: durationUs,
      clockStepMaxUs: n.clockStepMaxUs,
      driftMaxPpm: n.driftMaxPpm,
      lossMax: n.lossMax,
    }));
}

export interface RandomScenarioOptions {
  /** Upper bound on virtual duration; keeps each run to a few thousand events. */
  readonly durationUsMax?: number;
  readonly eventsMax?: number;
}

/** A whole scenario for the gossip protocol (test/support/gossip-protocol.ts). */
export function scenarioArb(options: RandomScenarioOptions = {}): fc.Arbitrary<Scenario> {
  const durationUsMax = options.durationUsMax ?? ms(1_000);
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      serverCount: fc.integer({ min: 1, max: 6 }),
      clientCount: fc.integer({ min: 0, max: 4 }),
      durationUs: fc.integer({ min: ms(50), max: durationUsMax }),
    })
    .chain(({ seed, serverCount, clientCount, durationUs }) => {
      const servers = Array.from({ length: serverCount }, (_, k) => `n${k + 1}`);
      const clients = Array.from({ length: clientCount }, (_, k) => `c${k + 1}`);
      const everyone = [...servers, ...clients];
      const linkArb = fc.record({
        from: fc.constantFrom('*', ...everyone),
        to: fc.constantFrom('*', ...everyone),
        latency: latencyArb,
        drop: probabilityArb(0.3),
      });
      return fc.record({
        network: fc.record({
          latency: latencyArb,
          drop: probabilityArb(0.2),
          duplicate: probabilityArb(0.2),
          reorder: probabilityArb(0.3),
          reorderDelayUs: fc.integer({ min: 0, max: ms(20) }),
          fifo: fc.boolean(),
          links: fc.array(linkArb, { maxLength: 2 }),
          partitionDropsInFlight: fc.boolean(),
        }),
        clocks: fc.record({
          driftPpm: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 200_000 })),
          offsetUs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: ms(1_000) })),
          nodes: fc.dictionary(
            fc.constantFrom(...everyone),
            fc.record({ driftPpm: fc.integer({ min: -300_000, max: 300_000 }), offsetUs: fc.integer({ min: -ms(500), max: ms(500) }) }, { requiredKeys: [] }),
            { maxKeys: 2 },
          ),
        }),
        loseUnsyncedWrites: fc.boolean(),
        workload: fc.record({
          keys: fc.integer({ min: 1, max: 5 }),
          keyDistribution: fc.constantFrom('uniform' as const, 'zipfian' as const),
          zipfTheta: fc.double({ min: 0.5, max: 1.5, noNaN: true }),
          mix: fc.constantFrom<Record<string, number>>({ read: 0.5, write: 0.5 }, { write: 1 }, { read: 0.9, write: 0.1 }, {}),
          ratePerSecond: fc.option(fc.integer({ min: 20, max: 1_500 }), { nil: null }),
          concurrency: fc.integer({ min: 1, max: 4 }),
          thinkUs: fc.integer({ min: 0, max: ms(5) }),
          timeoutUs: fc.integer({ min: ms(5), max: ms(100) }),
          startUs: fc.integer({ min: 0, max: Math.floor(durationUs / 4) }),
          stopUs: fc.oneof(fc.constant(durationUs), fc.integer({ min: Math.floor(durationUs / 2), max: durationUs })),
        }),
        faults: fc.array(faultArb(servers, clients, durationUs), { maxLength: 6 }),
        nemesis: fc.option(nemesisArb(durationUs), { nil: null, freq: 2 }),
        settleUs: fc.integer({ min: 0, max: ms(100) }),
      }).map((parts) =>
        makeScenario({
          protocol: 'test-gossip',
          config: {},
          seed,
          servers,
          clients,
          durationUs,
          network: parts.network,
          clocks: parts.clocks,
          loseUnsyncedWrites: parts.loseUnsyncedWrites,
          workload: parts.workload,
          faults: [...parts.faults].sort((a, b) => a.atUs - b.atUs),
          nemesis: parts.nemesis,
          settleUs: parts.settleUs,
          limits: { eventsMax: options.eventsMax ?? 300_000, wallMsMax: 60_000 },
        }),
      );
    });
}

/** The same scenario without faults (scheduled or nemesis) of the given kinds. */
export function withoutFaultKinds(scenario: Scenario, kinds: readonly string[]): Scenario {
  const nemesisKinds = scenario.nemesis?.kinds.filter((k) => !kinds.includes(k.kind)) ?? [];
  return {
    ...scenario,
    faults: scenario.faults.filter((f) => !kinds.includes(f.action.kind)),
    nemesis: scenario.nemesis === null || nemesisKinds.length === 0 ? null : { ...scenario.nemesis, kinds: nemesisKinds },
  };
}
