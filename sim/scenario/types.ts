// A scenario after loading: validated, defaults applied, every unit converted
// (durations in microseconds, probabilities as fractions). The world is built from this.
import type { Micros, NodeId } from '../types.js';

export type LatencySpec =
  | { readonly dist: 'constant'; readonly valueUs: Micros }
  | { readonly dist: 'uniform'; readonly minUs: Micros; readonly maxUs: Micros }
  | { readonly dist: 'normal'; readonly meanUs: Micros; readonly stddevUs: Micros }
  | { readonly dist: 'exponential'; readonly meanUs: Micros }
  | { readonly dist: 'lognormal'; readonly medianUs: Micros; readonly p99Us: Micros }
  | {
      readonly dist: 'bimodal';
      readonly fast: LatencySpec;
      readonly slow: LatencySpec;
      /** Probability that a message takes the slow mode. */
      readonly slowProbability: number;
    };

export interface LinkSpec {
  readonly latency: LatencySpec;
  readonly drop: number;
  readonly duplicate: number;
  /** Probability that a message is held back by an extra uniform(0, reorderDelayUs). */
  readonly reorder: number;
  readonly reorderDelayUs: Micros;
}

export interface NetworkSpec extends LinkSpec {
  /** Deliver in send order on each directed link. */
  readonly fifo: boolean;
  /** Overrides for particular directed links (from -> to); `*` matches any node. */
  readonly links: readonly ({ readonly from: NodeId; readonly to: NodeId } & Partial<LinkSpec>)[];
  /** When a partition or clog starts, messages already in flight across it are dropped. */
  readonly partitionDropsInFlight: boolean;
}

export interface ClockSpec {
  /** Each node's drift drawn uniformly in [-driftPpm, +driftPpm]. */
  readonly driftPpm: number;
  /** Each node's initial offset drawn uniformly in [-offsetUs, +offsetUs]. */
  readonly offsetUs: Micros;
  /** Explicit per-node settings, overriding the draws. */
  readonly nodes: Readonly<Record<NodeId, { readonly driftPpm?: number; readonly offsetUs?: Micros }>>;
}

/** Who a fault hits: node ids, or names resolved when it fires. */
export type Target = string; // node id | role (leader, ...) | 'rest' | 'all' | 'servers' | 'clients' | 'random'

export type PartitionSpec =
  /** Groups cut from each other. Nodes named in no group (e.g. clients) reach everyone. */
  | { readonly shape: 'groups'; readonly groups: readonly (readonly Target[])[] }
  /** Messages from `from` to `to` are cut; the reverse direction still works. */
  | { readonly shape: 'oneway'; readonly from: readonly Target[]; readonly to: readonly Target[] }
  /** Two sides cut from each other, both still reaching `via`. */
  | { readonly shape: 'bridge'; readonly via: Target; readonly sides?: readonly (readonly Target[])[] };

/** Which messages a message fault touches; null fields match anything. Targets resolve when the fault fires. */
export interface MessageFilter {
  readonly from: readonly Target[] | null;
  readonly to: readonly Target[] | null;
  /** A message type the protocol declares. */
  readonly type: string | null;
  /** Message fields that must equal these values (e.g. `{ term: 3 }`). */
  readonly where: Readonly<Record<string, string | number | boolean>>;
}

/** One entry of a connectivity graph: a group fully connected both ways, or one direction. */
export type ConnectEntry =
  | { readonly group: readonly Target[] }
  | { readonly from: readonly Target[]; readonly to: readonly Target[] };

/** What a message fault does to each message it touches. */
export type MessageEffect =
  | { readonly kind: 'drop' }
  /** Held back by `byUs` more, or until the true time `untilUs` (whichever is given). */
  | { readonly kind: 'delay'; readonly byUs: Micros | null; readonly untilUs: Micros | null }
  | { readonly kind: 'duplicate' }
  /** Held back by a seeded uniform(0, withinUs): messages overtake each other. */
  | { readonly kind: 'reorder'; readonly withinUs: Micros };

export type MessageFaultKind = MessageEffect['kind'];

export type FaultAction =
  | {
      /** The effect's kind, so the trace names the fault (drop, delay, duplicate, reorder). */
      readonly kind: MessageFaultKind;
      readonly effect: MessageEffect;
      readonly filter: MessageFilter;
      /** The next `count` matching messages; null: every match (in the window, with `for:`). */
      readonly count: number | null;
    }
  /** Bind names to the nodes these targets resolve to now (sim/captures.ts). */
  | { readonly kind: 'capture'; readonly bindings: Readonly<Record<string, Target>> }
  | { readonly kind: 'partition'; readonly partition: PartitionSpec }
  | { readonly kind: 'heal' }
  | { readonly kind: 'crash'; readonly targets: readonly Target[] }
  | { readonly kind: 'restart'; readonly targets: readonly Target[] }
  | { readonly kind: 'pause'; readonly targets: readonly Target[] }
  | { readonly kind: 'resume'; readonly targets: readonly Target[] }
  | { readonly kind: 'clock-step'; readonly targets: readonly Target[]; readonly stepUs: Micros }
  | { readonly kind: 'drift'; readonly targets: readonly Target[]; readonly driftPpm: number }
  | { readonly kind: 'loss'; readonly drop: number }
  | { readonly kind: 'clog'; readonly targets: readonly Target[] }
  | { readonly kind: 'unclog'; readonly targets: readonly Target[] }
  /** Link faults (sim/link-faults.ts): these settings on the directed links from -> to (null: any node). */
  | {
      readonly kind: 'link';
      readonly from: readonly Target[] | null;
      readonly to: readonly Target[] | null;
      readonly settings: Partial<LinkSpec>;
    }
  /** A connectivity graph: exactly these server links stay; every other server-to-server link is cut. */
  | { readonly kind: 'connect'; readonly links: readonly ConnectEntry[] }
  /** Disk faults (sim/disk.ts): crash with the disk erased; crash losing the last `writes` durable writes too. */
  | { readonly kind: 'wipe'; readonly targets: readonly Target[] }
  | { readonly kind: 'lose-synced'; readonly targets: readonly Target[]; readonly writes: number }
  /** Change one stored value (a key with this prefix, picked from the seed); the node is not told. */
  | { readonly kind: 'corrupt'; readonly targets: readonly Target[]; readonly keyPrefix: string }
  /** An admin command for the protocol: add or remove one server (resolved when it fires). */
  | { readonly kind: 'membership'; readonly change: 'add' | 'remove'; readonly target: Target };

export interface FaultSpec {
  readonly atUs: Micros;
  readonly action: FaultAction;
  /** Undo after this long (partition -> heal, crash -> restart, pause -> resume, ...). */
  readonly forUs: Micros | null;
  /** `for: forever`: never undone, not even by the settle phase (forUs is then null). */
  readonly forever?: boolean;
}

export type NemesisKind =
  | 'partition' | 'crash' | 'pause' | 'clock' | 'loss' | 'clog' | 'membership'
  | 'client-pause' | 'client-crash' | 'client-clock'
  | 'duplicate' | 'reorder' | 'latency' | 'disk';

export interface NemesisKindSpec {
  readonly kind: NemesisKind;
  /** Relative weight in each draw. */
  readonly weight: number;
  /** Candidates, one drawn per fault; null: the kind's default (sim/nemesis-targets.ts). */
  readonly targets: readonly Target[] | null;
  /** Chance that a drawn fault lasts forever. */
  readonly foreverProbability: number;
}

export interface NemesisSpec {
  readonly kinds: readonly NemesisKindSpec[];
  /** Mean time between fault starts (exponential). */
  readonly intervalUs: Micros;
  readonly durationMinUs: Micros;
  readonly durationMaxUs: Micros;
  readonly startUs: Micros;
  readonly stopUs: Micros;
  /** Largest clock step and drift the nemesis may apply. */
  readonly clockStepMaxUs: Micros;
  readonly driftMaxPpm: number;
  readonly lossMax: number;
  /** Reorder bursts: the longest hold-back. */
  readonly reorderMaxUs: Micros;
  /** Latency spikes: the links' latency during a spike, uniform in this range. */
  readonly latencyMinUs: Micros;
  readonly latencyMaxUs: Micros;
  /** Most faults drawn to last forever. */
  readonly foreverMax: number;
}

export interface WorkloadSpec {
  /** The op generator: `kv` (the kernel's) or one of the protocol's `workloads`. */
  readonly generator: string;
  readonly keys: number;
  readonly keyDistribution: 'uniform' | 'zipfian';
  readonly zipfTheta: number;
  /** Operation -> weight (fractions summing to 1). */
  readonly mix: Readonly<Record<string, number>>;
  /** Open loop: arrivals per second across all clients; null means closed loop. */
  readonly ratePerSecond: number | null;
  /** Closed loop: how many clients issue ops back to back (<= clients). */
  readonly concurrency: number;
  /** Closed loop: pause between an op's completion and the client's next op. */
  readonly thinkUs: Micros;
  readonly timeoutUs: Micros;
  readonly startUs: Micros;
  /** No new ops after this true time (defaults to the scenario duration). */
  readonly stopUs: Micros;
}

export interface Expectation {
  /**
   * 'pass'; 'violation' (a safety check must fail); or 'no-progress' (a liveness
   * failure the scenario is meant to show, such as split votes forever).
   */
  readonly verdict: 'pass' | 'violation' | 'no-progress';
  /** With verdict 'violation': which check must fail (invariant name or 'linearizability'). */
  readonly violation: string | null;
  /** Protocol event names that must occur at least once (guards against vacuous passes). */
  readonly sometimes: readonly string[];
  /** What a capture that resolves to nothing makes the run: vacuous (exit 1) or skipped (exit 4). */
  readonly emptyCapture: 'vacuous' | 'skipped';
  /** Bounds on named measures (sim/measures.ts); one outside its bounds is a violation. */
  readonly measures: Readonly<Record<string, MeasureBounds>>;
}

export interface MeasureBounds {
  readonly min: number | null;
  readonly max: number | null;
}

export type CheckName = 'linearizability' | 'invariants';

export interface ChecksSpec {
  readonly linearizability: boolean;
  readonly invariants: boolean;
  /** Checks that run and are shown, but whose failures are not violations. */
  readonly reportOnly: readonly CheckName[];
  /** History name -> model, chosen by the scenario (over the protocol's). */
  readonly models: Readonly<Record<string, string>>;
  /** Width of the windows of availability over time. */
  readonly availabilityWindowUs: Micros;
  /** Budget of each linearizability search, in steps; past it the verdict is 'unknown'. */
  readonly searchStepsMax: number;
  /** Memory budget of each linearizability search, in bytes counted from entries (the same on every machine). */
  readonly checkMemoryBytesMax: number;
}

/** A named group of servers (`services:`): all of one node kind. */
export interface ServiceSpec {
  readonly name: string;
  readonly kind: string;
  /** Initial members, in order. */
  readonly nodes: readonly NodeId[];
  /** Servers of the group that run but are not initial members. */
  readonly spares: readonly NodeId[];
}

export interface Scenario {
  /** The file it came from, for messages and replay commands; null when built in code. */
  readonly file: string | null;
  readonly name: string;
  readonly description: string;
  readonly protocol: string;
  /** The protocol's config, already validated by its configSchema. */
  readonly config: unknown;
  readonly variant: string | null;
  /** Every server, spares included, in order. */
  readonly servers: readonly NodeId[];
  /** Servers that exist and run but are not initial members. */
  readonly spares: readonly NodeId[];
  /** Named groups of servers; empty when the scenario declares none (plain `nodes:`). */
  readonly services: readonly ServiceSpec[];
  readonly clients: readonly NodeId[];
  readonly seed: number;
  readonly durationUs: Micros;
  readonly network: NetworkSpec;
  readonly clocks: ClockSpec;
  /** A crash discards disk writes not yet synced (or still syncing). */
  readonly loseUnsyncedWrites: boolean;
  /** How long a sync takes; null: at once (the default). */
  readonly syncLatency: LatencySpec | null;
  readonly workload: WorkloadSpec;
  readonly faults: readonly FaultSpec[];
  readonly nemesis: NemesisSpec | null;
  /** After the last fault: heal all, restart and resume everyone, and require an ok op within this. */
  readonly settleUs: Micros;
  /**
   * After the run (duration, or settle): no new ops; open ops may complete or time out, for
   * at most this long (it ends early once no op is open). End-of-run checks come after.
   */
  readonly drainUs: Micros;
  readonly checks: ChecksSpec;
  readonly expect: Expectation;
  readonly limits: {
    readonly eventsMax: number;
    /** Virtual time past which the run stops (absent: no limit). Deterministic, like eventsMax. */
    readonly virtualTimeUsMax?: Micros;
    /** Wall-clock time past which the run stops: the one budget a replay cannot reproduce. */
    readonly wallMsMax: number;
  };
}
