// Kernel benchmarks: how many scheduler events per second the world loop runs, with no
// trace sink attached and no checker work, on two shapes of load:
//   ping-pong  two servers, one message in flight, constant latency (fixed cost per event)
//   gossip     1,000 servers, 100 messages each in flight (~100,000 pending events)
// plus a 10-million-event ping-pong run that samples heap use to show memory stays flat.
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AnyProtocol } from '../sim/protocol.js';
import { runScenario } from '../sim/run.js';
import { buildScenario } from '../sim/scenario/build.js';
import type { Scenario } from '../sim/scenario/types.js';
import type { BenchResult } from './main.js';
import { gossipProtocol } from './protocols/gossip.js';
import { pingPongProtocol } from './protocols/ping-pong.js';

const PING_LATENCY_US = 100;
const GOSSIP_SERVERS = 1_000;
const GOSSIP_FANOUT = 100;
const GOSSIP_LATENCY_MIN_US = 1_000;
const GOSSIP_LATENCY_MAX_US = 10_000;

/** A loaded scenario with no clients, no faults, no workload: only the protocol's own traffic. */
function benchScenario(
  name: string,
  protocol: AnyProtocol,
  servers: readonly string[],
  config: unknown,
  latency: Scenario['network']['latency'],
  durationUs: number,
  eventsMax: number,
): Scenario {
  return buildScenario({
    name,
    description: `kernel benchmark: ${name}`,
    protocol: protocol.name,
    config,
    servers,
    durationUs,
    network: { latency, reorderDelayUs: 0, partitionDropsInFlight: false },
    workload: { stopUs: durationUs },
    checks: { linearizability: false, invariants: false },
    limits: { eventsMax, wallMsMax: 3_600_000 },
  });
}

/** Ping-pong for exactly `events` deliveries (one every PING_LATENCY_US of virtual time). */
function pingPongScenario(events: number): Scenario {
  return benchScenario(
    'ping-pong',
    pingPongProtocol,
    ['n1', 'n2'],
    {},
    { dist: 'constant', valueUs: PING_LATENCY_US },
    events * PING_LATENCY_US,
    events + 1,
  );
}

/** Gossip for about `events` deliveries. */
function gossipScenario(events: number): Scenario {
  const servers = Array.from({ length: GOSSIP_SERVERS }, (_, i) => `s${String(i).padStart(4, '0')}`);
  const inFlight = GOSSIP_SERVERS * GOSSIP_FANOUT;
  const meanLatencyUs = (GOSSIP_LATENCY_MIN_US + GOSSIP_LATENCY_MAX_US) / 2;
  // Deliveries per microsecond of virtual time in the steady state: inFlight / mean latency.
  const durationUs = Math.ceil((events * meanLatencyUs) / inFlight);
  return benchScenario(
    'gossip',
    gossipProtocol,
    servers,
    { fanout: GOSSIP_FANOUT },
    { dist: 'uniform', minUs: GOSSIP_LATENCY_MIN_US, maxUs: GOSSIP_LATENCY_MAX_US },
    durationUs,
    events * 2,
  );
}

interface Timed {
  readonly events: number;
  /** Whole runScenario call: world construction, boot, loop, verdict. */
  readonly wallMs: number;
  /** World construction and boot (every node's start handler) before the first event. */
  readonly setupMs: number;
  /** The event loop alone: what the events/s figure divides by. */
  readonly loopMs: number;
  /** Process CPU time over the whole call (GC helper threads included). */
  readonly cpuMs: number;
  readonly eventsPerSecond: number;
  readonly traceHash: string;
}

/**
 * One runScenario call. The world reads the injected clock once when the loop starts (for
 * its wall budget) and then every 4,096 events; runScenario reads it once before building
 * the world. So the second reading marks the end of setup and the start of the loop.
 */
function timedRun(scenario: Scenario, protocol: AnyProtocol, onWallCheck?: () => void): Timed {
  let readings = 0;
  let loopStartMs = 0;
  const wallClockMs = () => {
    const now = performance.now();
    if (++readings === 2) loopStartMs = now;
    else if (readings > 2) onWallCheck?.();
    return now;
  };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = runScenario(scenario, protocol, { wallClockMs });
  const ended = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  if (result.verdict !== 'pass') throw new Error(`${scenario.name}: ${result.verdict}: ${result.reason}`);
  const events = result.stats.events;
  const loopMs = ended - loopStartMs;
  return {
    events,
    wallMs: ended - started,
    setupMs: loopStartMs - started,
    loopMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    eventsPerSecond: (events / loopMs) * 1000,
    traceHash: result.traceHash,
  };
}

/** Best of `repeats` runs after one warm-up run (JIT), reported with the spread. */
function measure(name: string, target: number, make: () => Scenario, protocol: AnyProtocol, repeats: number): BenchResult {
  timedRun(make(), protocol); // warm-up
  const runs: Timed[] = [];
  for (let r = 0; r < repeats; r++) runs.push(timedRun(make(), protocol));
  const rates = runs.map((t) => t.eventsPerSecond).sort((a, b) => a - b);
  const best = runs.reduce((a, b) => (b.eventsPerSecond > a.eventsPerSecond ? b : a));
  const median = rates[Math.floor(rates.length / 2)]!;
  const withSetup = (best.events / best.wallMs) * 1000;
  const perCpu = (best.events / best.cpuMs) * 1000;
  return {
    name,
    value: Math.round(best.eventsPerSecond),
    unit: 'events/s',
    target,
    pass: best.eventsPerSecond >= target,
    detail:
      `best of ${repeats}, median ${fmt(median)}/s; ${fmt(best.events)} events in ${ms(best.loopMs)} ` +
      `after ${ms(best.setupMs)} setup (${fmt(withSetup)}/s with it, ${fmt(perCpu)}/s of CPU time); trace ${best.traceHash}`,
    data: {
      events: best.events,
      loopMs: round1(best.loopMs),
      setupMs: round1(best.setupMs),
      wallMs: round1(best.wallMs),
      cpuMs: round1(best.cpuMs),
      medianEventsPerSecond: Math.round(median),
      eventsPerSecondWithSetup: Math.round(withSetup),
      eventsPerCpuSecond: Math.round(perCpu),
      traceHash: best.traceHash,
    },
  };
}

/** A way to force a full collection without needing `node --expose-gc`. */
function gcFunction(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Growth of the after-GC heap over a 10M-event run that still counts as flat. */
const RETAINED_GROWTH_MB_MAX = 1;

/**
 * 10 million ping-pong events with memory watched from the wall-clock callback (every
 * 4,096 events): heap used and RSS every 65,536 events for the peaks, and the heap after a
 * forced full GC every ~1M events, which must not grow with the number of events.
 */
function memoryRun(events: number): BenchResult {
  const gc = gcFunction();
  gc();
  const before = process.memoryUsage();
  let heapPeak = before.heapUsed;
  let rssPeak = before.rss;
  let checks = 0;
  const retained: number[] = [];
  const CHECKS_PER_GC = 244; // 244 * 4096 events ~ 1M events
  const timed = timedRun(pingPongScenario(events), pingPongProtocol, () => {
    checks++;
    if (checks % 16 === 0) {
      const { heapUsed, rss } = process.memoryUsage();
      if (heapUsed > heapPeak) heapPeak = heapUsed;
      if (rss > rssPeak) rssPeak = rss;
    }
    if (checks % CHECKS_PER_GC === 0) {
      gc();
      retained.push(process.memoryUsage().heapUsed);
    }
  });
  gc();
  const after = process.memoryUsage();
  const growth = retained.length >= 2 ? retained[retained.length - 1]! - retained[0]! : 0;
  const growthMb = round1(mb(growth)) || 0;
  return {
    name: 'ping-pong-10M-memory',
    value: growthMb,
    unit: 'MB',
    targetMax: RETAINED_GROWTH_MB_MAX,
    pass: mb(growth) < RETAINED_GROWTH_MB_MAX,
    detail:
      `after-GC heap growth over ${fmt(timed.events)} events; heap ${mb(before.heapUsed).toFixed(1)}MB before, ` +
      `${mb(heapPeak).toFixed(1)}MB peak, ${mb(after.heapUsed).toFixed(1)}MB after; after-GC samples every ~1M events ` +
      `${mb(Math.min(...retained)).toFixed(2)}..${mb(Math.max(...retained)).toFixed(2)}MB; ` +
      `RSS ${mb(before.rss).toFixed(0)}MB before, ${mb(rssPeak).toFixed(0)}MB peak, ${mb(after.rss).toFixed(0)}MB after`,
    data: {
      events: timed.events,
      heapBeforeBytes: before.heapUsed,
      heapPeakBytes: heapPeak,
      heapAfterBytes: after.heapUsed,
      rssBeforeBytes: before.rss,
      rssPeakBytes: rssPeak,
      rssAfterBytes: after.rss,
      retainedSamplesBytes: retained.join(','),
      retainedGrowthBytes: growth,
      eventsPerSecondWhileSampling: Math.round(timed.eventsPerSecond),
    },
  };
}

export async function benchKernel(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  results.push(measure('ping-pong', 2_000_000, () => pingPongScenario(5_000_000), pingPongProtocol, 3));
  results.push(measure('gossip-1000x100', 1_000_000, () => gossipScenario(3_000_000), gossipProtocol, 3));
  results.push(memoryRun(10_000_000));
  return results;
}

function mb(bytes: number): number {
  return bytes / (1024 * 1024);
}

function ms(x: number): string {
  return x >= 1000 ? `${(x / 1000).toFixed(2)}s` : `${Math.round(x)}ms`;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
