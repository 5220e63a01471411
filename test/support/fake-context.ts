// A context for handler tests: no kernel. It records what a handler did (messages, timers,
// log events, completions) and implements Disk with the kernel's sync semantics: writes are
// buffered until sync(), and a message sent while the disk is dirty is held until the next
// sync (and lost if the node crashes first).
import { SimDisk } from '../../sim/disk.js';
import { stream } from '../../sim/rng.js';
import type {
  ClientContext,
  Message,
  Micros,
  NodeId,
  OpResult,
  SyncId,
  TimerId,
} from '../../sim/types.js';

/** The kernel's own disk, so handler tests see exactly its sync semantics. */
export class FakeDisk extends SimDisk {}

/** A seeded stream from the kernel's generator, so tests are deterministic without a world. */
export function seededRandom(seed: number): () => number {
  return stream(seed, 'test');
}

export interface SentMessage<M> {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly msg: M;
}

export interface FakeTimer {
  readonly id: TimerId;
  readonly name: string;
  readonly afterUs: Micros;
  /** Local time at which it fires. */
  readonly atUs: Micros;
}

export interface LoggedEvent {
  readonly event: string;
  readonly fields: Record<string, unknown>;
}

export interface FakeContextOptions {
  readonly id: NodeId;
  readonly servers: readonly NodeId[];
  readonly nowUs?: Micros;
  readonly seed?: number;
  readonly disk?: FakeDisk;
  /** Called for every ctx.log, after it is recorded (a cluster driver feeds invariants). */
  readonly onLog?: (event: string, fields: Record<string, unknown>) => void;
}

let nextTimerId = 1;

export class FakeContext<M extends Message = Message> implements ClientContext<M> {
  readonly id: NodeId;
  readonly servers: readonly NodeId[];
  readonly peers: readonly NodeId[];
  readonly allServers: readonly NodeId[];
  readonly disk: FakeDisk;
  nowUs: Micros;
  /** Messages released to the network, oldest first. */
  outbox: SentMessage<M>[] = [];
  /** Messages held behind unsynced writes. */
  held: SentMessage<M>[] = [];
  readonly timers = new Map<TimerId, FakeTimer>();
  readonly logs: LoggedEvent[] = [];
  readonly completions: { opId: number; result: OpResult }[] = [];
  /** Syncs done since a driver last looked, oldest first (it tells the node's `synced` handler). */
  readonly syncs: SyncId[] = [];
  /** Values random() returns first, before falling back to the seeded stream. */
  readonly randomQueue: number[] = [];
  private readonly rng: () => number;
  private readonly onLog: FakeContextOptions['onLog'];

  constructor(options: FakeContextOptions) {
    this.id = options.id;
    this.servers = options.servers;
    this.peers = options.servers.filter((s) => s !== options.id);
    this.allServers = options.servers;
    this.nowUs = options.nowUs ?? 0;
    this.rng = seededRandom(options.seed ?? 1);
    this.disk = options.disk ?? new FakeDisk();
    this.onLog = options.onLog;
    this.disk.setSyncListener((syncId) => {
      this.syncs.push(syncId);
      if (this.held.length > 0) {
        this.outbox.push(...this.held);
        this.held = [];
      }
    });
  }

  now(): Micros {
    return this.nowUs;
  }

  send(to: NodeId, msg: M): void {
    const sent = { from: this.id, to, msg };
    if (this.disk.dirty) this.held.push(sent);
    else this.outbox.push(sent);
  }

  sendUnsynced(to: NodeId, msg: M): void {
    this.outbox.push({ from: this.id, to, msg });
  }

  setTimer(afterUs: Micros, name: string): TimerId {
    if (!(afterUs >= 0) || !Number.isFinite(afterUs)) throw new Error(`setTimer(${afterUs}, ${name})`);
    const id = nextTimerId++;
    this.timers.set(id, { id, name, afterUs, atUs: this.nowUs + afterUs });
    return id;
  }

  cancelTimer(id: TimerId): void {
    this.timers.delete(id);
  }

  random(): number {
    return this.randomQueue.length > 0 ? this.randomQueue.shift()! : this.rng();
  }

  log(event: string, fields: Record<string, unknown> = {}): void {
    this.logs.push({ event, fields });
    this.onLog?.(event, fields);
  }

  complete(opId: number, result: OpResult): void {
    this.completions.push({ opId, result });
  }

  /** Released messages since the last call, oldest first. */
  takeSent(): SentMessage<M>[] {
    const out = this.outbox;
    this.outbox = [];
    return out;
  }

  /** Released messages of one type (not consumed). */
  sentOfType<T extends M['type']>(type: T): (SentMessage<Extract<M, { type: T }>>)[] {
    return this.outbox.filter((s) => s.msg.type === type) as SentMessage<Extract<M, { type: T }>>[];
  }

  /** The pending timer with this name set last, if any. */
  timerNamed(name: string): FakeTimer | undefined {
    let found: FakeTimer | undefined;
    for (const timer of this.timers.values()) if (timer.name === name) found = timer;
    return found;
  }

  /** Logged events with this name. */
  events(name: string): Record<string, unknown>[] {
    return this.logs.filter((l) => l.event === name).map((l) => l.fields);
  }

  /**
   * Crash: held messages, timers and the outbox are lost; the disk keeps what was synced
   * (and buffered writes too unless `loseUnsyncedWrites`). Returns a fresh context on the
   * same disk for the restarted node.
   */
  crash(loseUnsyncedWrites = true): FakeContext<M> {
    this.held = [];
    this.outbox = [];
    this.timers.clear();
    this.disk.crash(loseUnsyncedWrites);
    return new FakeContext<M>({
      id: this.id,
      servers: this.servers,
      nowUs: this.nowUs,
      seed: Math.floor(this.rng() * 2 ** 31),
      disk: this.disk,
      onLog: this.onLog,
    });
  }
}
