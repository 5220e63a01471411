// A context for handler tests: no kernel. It records what a handler did (messages, timers,
// log events, completions) and implements Disk with the kernel's sync semantics: writes are
// buffered until sync(), and a message sent while the disk is dirty is held until the next
// sync (and lost if the node crashes first).
import type {
  ClientContext,
  Disk,
  Message,
  Micros,
  NodeId,
  OpResult,
  TimerId,
} from '../../sim/types.js';

const TOMBSTONE: unique symbol = Symbol('deleted');

export class FakeDisk implements Disk {
  readonly durable = new Map<string, unknown>();
  private readonly pending = new Map<string, unknown>();
  private listener: () => void = () => {};
  writes = 0;
  syncs = 0;

  onSync(listener: () => void): void {
    this.listener = listener;
  }

  get dirty(): boolean {
    return this.pending.size > 0;
  }

  get<T = unknown>(key: string): T | undefined {
    if (this.pending.has(key)) {
      const value = this.pending.get(key);
      return (value === TOMBSTONE ? undefined : value) as T | undefined;
    }
    return this.durable.get(key) as T | undefined;
  }

  put(key: string, value: unknown): void {
    if (value === undefined) throw new Error(`disk.put("${key}", undefined)`);
    this.pending.set(key, value);
    this.writes++;
  }

  delete(key: string): void {
    this.pending.set(key, TOMBSTONE);
    this.writes++;
  }

  keys(prefix = ''): string[] {
    const out = new Set<string>();
    for (const key of this.durable.keys()) if (key.startsWith(prefix)) out.add(key);
    for (const [key, value] of this.pending) {
      if (!key.startsWith(prefix)) continue;
      if (value === TOMBSTONE) out.delete(key);
      else out.add(key);
    }
    return [...out].sort();
  }

  sync(): void {
    this.syncs++;
    this.flush();
    this.listener();
  }

  /** A crash: unsynced writes survive (clean crash) or are lost. */
  crash(loseUnsyncedWrites: boolean): void {
    if (loseUnsyncedWrites) this.pending.clear();
    else this.flush();
  }

  /** The durable value, ignoring buffered writes. */
  durableGet<T = unknown>(key: string): T | undefined {
    return this.durable.get(key) as T | undefined;
  }

  private flush(): void {
    for (const [key, value] of this.pending) {
      if (value === TOMBSTONE) this.durable.delete(key);
      else this.durable.set(key, value);
    }
    this.pending.clear();
  }
}

/** mulberry32: a tiny seeded PRNG, so tests are deterministic without the kernel's rng. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
  readonly disk: FakeDisk;
  nowUs: Micros;
  /** Messages released to the network, oldest first. */
  outbox: SentMessage<M>[] = [];
  /** Messages held behind unsynced writes. */
  held: SentMessage<M>[] = [];
  readonly timers = new Map<TimerId, FakeTimer>();
  readonly logs: LoggedEvent[] = [];
  readonly completions: { opId: number; result: OpResult }[] = [];
  /** Values random() returns first, before falling back to the seeded stream. */
  readonly randomQueue: number[] = [];
  private readonly rng: () => number;
  private readonly onLog: FakeContextOptions['onLog'];

  constructor(options: FakeContextOptions) {
    this.id = options.id;
    this.servers = options.servers;
    this.peers = options.servers.filter((s) => s !== options.id);
    this.nowUs = options.nowUs ?? 0;
    this.rng = seededRandom(options.seed ?? 1);
    this.disk = options.disk ?? new FakeDisk();
    this.onLog = options.onLog;
    this.disk.onSync(() => {
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
