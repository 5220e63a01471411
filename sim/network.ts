// The simulated network: decides each message's fate (lost, delivered once or twice, and
// when), keeps the partition and clog state, and counts everything. It schedules nothing
// itself: the world asks it for arrival times and asks again at delivery time.
import type { LinkSpec, NetworkSpec } from './scenario/types.js';
import type { LinkSettings } from './link-faults.js';
import type { Micros } from './types.js';
import { latencySampler, type LatencySampler } from './latency.js';
import type { Uniform } from './rng.js';

interface CompiledLink {
  readonly sample: LatencySampler;
  readonly drop: number;
  readonly duplicate: number;
  readonly reorder: number;
  readonly reorderDelayUs: Micros;
  /** A link fault set this link's drop: it wins over a network-wide `loss` fault. */
  readonly ownDrop: boolean;
  /** The link faults (sim/link-faults.ts) behind these settings, `l1+l2`; '' for the network's own. */
  readonly faultIds: string;
}

export type DropReason = 'partition' | 'loss' | 'in-flight' | 'node-down' | 'fault';

export interface NetworkStats {
  sent: number;
  delivered: number;
  dropped: number;
  droppedBy: Record<DropReason, number>;
  duplicated: number;
  bytes: number;
}

/** What `send` returns for a message that is lost; `lastDropReason` says why. */
export const LOST = -1;

export class Network {
  readonly stats: NetworkStats = {
    sent: 0,
    delivered: 0,
    dropped: 0,
    droppedBy: { partition: 0, loss: 0, 'in-flight': 0, 'node-down': 0, fault: 0 },
    duplicated: 0,
    bytes: 0,
  };
  /** How many active partitions cut the directed link from*n+to. */
  private readonly cuts: Uint16Array;
  /** True time at which each directed link was last cut (for messages in flight). */
  private readonly cutSinceUs: Float64Array;
  private readonly clogged: Uint8Array;
  /** Per-link config index (only when the scenario overrides links). */
  private readonly linkIndex: Uint16Array | null;
  private readonly links: CompiledLink[];
  /** The settings behind each of `links` (network, then each override merged over it). */
  private readonly linkSpecs: LinkSpec[];
  /** Per directed link, its settings under link faults; null until the first link fault. */
  private faultLinks: (CompiledLink | undefined)[] | null = null;
  /** Link-fault settings compiled once per distinct combination (base link + settings). */
  private readonly faultCompiled = new Map<string, CompiledLink>();
  /** The link fault that decided the fate of the last message lost to `loss` or duplicated ('' : none). */
  lastLinkFault = '';
  /** Why the last message `send` returned LOST for was lost. */
  lastDropReason: DropReason = 'loss';
  /** Arrival of the duplicate of the last message sent, or LOST when it was not duplicated. */
  lastDuplicateArrivalUs: Micros = LOST;
  /** Network-wide loss rate set by a `loss` fault; null means the configured rates. */
  private lossOverride: number | null = null;
  /** FIFO: the latest arrival scheduled on each directed link. */
  private readonly lastArrivalUs: Float64Array | null;

  constructor(
    private readonly nodeCount: number,
    private readonly spec: NetworkSpec,
    nodeIds: readonly string[],
    private readonly random: Uniform,
  ) {
    const n = nodeCount;
    this.cuts = new Uint16Array(n * n);
    this.cutSinceUs = new Float64Array(n * n).fill(-1);
    this.clogged = new Uint8Array(n);
    this.links = [compileLink(spec)];
    this.linkSpecs = [spec];
    this.lastArrivalUs = spec.fifo ? new Float64Array(n * n) : null;
    if (spec.links.length === 0) {
      this.linkIndex = null;
    } else {
      this.linkIndex = new Uint16Array(n * n);
      spec.links.forEach((override, k) => {
        this.linkSpecs.push({ ...spec, ...override });
        this.links.push(compileLink(this.linkSpecs[k + 1]!));
        for (let from = 0; from < n; from++) {
          if (override.from !== '*' && override.from !== nodeIds[from]) continue;
          for (let to = 0; to < n; to++) {
            if (override.to !== '*' && override.to !== nodeIds[to]) continue;
            this.linkIndex![from * n + to] = k + 1; // later overrides win
          }
        }
      });
    }
  }

  get dropRate(): number {
    return this.lossOverride ?? this.spec.drop;
  }

  /**
   * Decide what happens to a message sent now: its arrival time, or LOST (see
   * lastDropReason). A duplicate's arrival is left in lastDuplicateArrivalUs. Numbers,
   * not a result object: this runs for every message.
   */
  send(from: number, to: number, nowUs: Micros, bytes: number): Micros {
    const stats = this.stats;
    stats.sent++;
    stats.bytes += bytes;
    this.lastDuplicateArrivalUs = LOST;
    const link = from * this.nodeCount + to;
    if (this.cuts[link]! > 0) {
      stats.dropped++;
      stats.droppedBy.partition++;
      this.lastDropReason = 'partition';
      return LOST;
    }
    const config = this.faultLinks?.[link] ?? this.links[this.linkIndex === null ? 0 : this.linkIndex[link]!]!;
    this.lastLinkFault = config.faultIds;
    const random = this.random;
    const drop = config.ownDrop ? config.drop : this.lossOverride ?? config.drop;
    if (drop > 0 && random() < drop) {
      stats.dropped++;
      stats.droppedBy.loss++;
      this.lastDropReason = 'loss';
      return LOST;
    }
    const first = this.arrival(link, config, nowUs);
    if (config.duplicate > 0 && random() < config.duplicate) {
      stats.duplicated++;
      this.lastDuplicateArrivalUs = this.arrival(link, config, nowUs);
    }
    return first;
  }

  /**
   * At delivery time: may this message (sent at sentAtUs) arrive now? A link cut after the
   * message left drops it when the scenario says partitions hit messages in flight;
   * otherwise a cut only stops new sends (a message that left before it still arrives).
   */
  deliverable(from: number, to: number, sentAtUs: Micros): boolean {
    if (!this.spec.partitionDropsInFlight) return true;
    const link = from * this.nodeCount + to;
    if (this.cuts[link]! > 0 || this.cutSinceUs[link]! > sentAtUs) {
      this.stats.dropped++;
      this.stats.droppedBy['in-flight']++;
      return false;
    }
    return true;
  }

  isClogged(from: number, to: number): boolean {
    return this.clogged[from] === 1 || this.clogged[to] === 1;
  }

  isCut(from: number, to: number): boolean {
    return this.cuts[from * this.nodeCount + to]! > 0;
  }

  /** Count a message that reached a node that is down. */
  countNodeDown(): void {
    this.stats.dropped++;
    this.stats.droppedBy['node-down']++;
  }

  /** Count a message a message fault dropped before it left (sim/message-faults.ts). */
  countFaultDrop(bytes: number): void {
    this.stats.sent++;
    this.stats.bytes += bytes;
    this.stats.dropped++;
    this.stats.droppedBy.fault++;
  }

  countDelivered(): void {
    this.stats.delivered++;
  }

  /** Cut (or, with delta -1, uncut) the directed links listed as pairs. */
  adjustCuts(pairs: readonly (readonly [number, number])[], delta: 1 | -1, nowUs: Micros): void {
    for (const [from, to] of pairs) {
      const link = from * this.nodeCount + to;
      const before = this.cuts[link]!;
      if (delta < 0 && before === 0) continue;
      this.cuts[link] = before + delta;
      if (delta > 0 && before === 0) this.cutSinceUs[link] = nowUs;
    }
  }

  healAll(): void {
    this.cuts.fill(0);
  }

  setClogged(node: number, clogged: boolean, nowUs: Micros): void {
    this.clogged[node] = clogged ? 1 : 0;
    if (clogged) {
      // A clog starts: like a cut for messages in flight through this node.
      const n = this.nodeCount;
      for (let other = 0; other < n; other++) {
        this.cutSinceUs[node * n + other] = nowUs;
        this.cutSinceUs[other * n + node] = nowUs;
      }
    }
  }

  /** Link faults (sim/link-faults.ts): this directed link's settings over its own, or null to end them. */
  overrideLink(from: number, to: number, settings: LinkSettings | null, faultIds: string): void {
    const link = from * this.nodeCount + to;
    if (settings === null) {
      if (this.faultLinks !== null) this.faultLinks[link] = undefined;
      return;
    }
    const base = this.linkIndex === null ? 0 : this.linkIndex[link]!;
    const key = `${base}|${faultIds}|${JSON.stringify(settings)}`;
    let compiled = this.faultCompiled.get(key);
    if (compiled === undefined) {
      compiled = { ...compileLink({ ...this.linkSpecs[base]!, ...settings }), ownDrop: settings.drop !== undefined, faultIds };
      this.faultCompiled.set(key, compiled);
    }
    this.faultLinks ??= new Array<CompiledLink | undefined>(this.nodeCount * this.nodeCount);
    this.faultLinks[link] = compiled;
  }

  setLoss(rate: number | null): void {
    this.lossOverride = rate;
  }

  /** A node sent a message to itself: it does not cross the network, but it counts. */
  countLoopback(bytes: number): void {
    this.stats.sent++;
    this.stats.bytes += bytes;
  }

  private arrival(link: number, config: CompiledLink, nowUs: Micros): Micros {
    let atUs = nowUs + config.sample(this.random);
    if (config.reorder > 0 && this.random() < config.reorder) {
      atUs += Math.round(this.random() * config.reorderDelayUs);
    }
    const last = this.lastArrivalUs;
    if (last !== null) {
      if (atUs < last[link]!) atUs = last[link]!;
      last[link] = atUs;
    }
    return atUs;
  }
}

function compileLink(spec: LinkSpec): CompiledLink {
  return {
    sample: latencySampler(spec.latency),
    drop: spec.drop,
    duplicate: spec.duplicate,
    reorder: spec.reorder,
    reorderDelayUs: spec.reorderDelayUs,
    ownDrop: false,
    faultIds: '',
  };
}
