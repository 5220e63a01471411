// The node API: everything protocol code may touch. Protocols import from here and from
// nothing else in sim/. Handlers are synchronous and deterministic: a node's behaviour is
// a function of its state, its inputs and its own random stream.

/** Virtual time in integer microseconds. */
export type Micros = number;
export type NodeId = string;
export type TimerId = number;

/** Messages are discriminated unions on `type`. */
export interface Message {
  readonly type: string;
}

/** Names one `sync()`: the node's `synced` handler is told this id when it is durable. */
export type SyncId = number;

/**
 * Durable storage. `put`/`delete` are buffered until `sync()`; a crash with the
 * lost-unsynced-writes fault enabled discards what was not synced (or still syncing).
 * Reads see buffered writes. Values are stored by reference: treat a value as immutable
 * once `put`. The whole disk model is in docs/architecture.md, "The disk model".
 */
export interface Disk {
  get<T = unknown>(key: string): T | undefined;
  put(key: string, value: unknown): void;
  delete(key: string): void;
  /** Keys currently present (synced or buffered), sorted, optionally by prefix. */
  keys(prefix?: string): string[];
  /**
   * Make every buffered write durable, then release messages held behind them. Takes the
   * scenario's `disk.syncLatency` of simulated time (default 0: at once); the node's
   * `synced` handler, if it has one, is told when the writes are durable.
   */
  sync(): SyncId;
  /** True when writes are buffered and not yet synced. */
  readonly dirty: boolean;
}

/**
 * What a handler receives. Effects are recorded, not performed: `send` and `setTimer`
 * take effect after the handler returns. Persist-before-send is enforced: a message sent
 * while the disk has unsynced writes is held until the next `sync()` and is lost if the
 * node crashes first.
 */
export interface Context<M extends Message = Message> {
  readonly id: NodeId;
  /** The initial members: every server but the spares, this one included, in a fixed order. */
  readonly servers: readonly NodeId[];
  /** The other members (servers minus this node). */
  readonly peers: readonly NodeId[];
  /**
   * Every server that exists, spares included, in a fixed order. Membership changes are
   * the protocol's own state; this list only says who could become a member.
   */
  readonly allServers: readonly NodeId[];
  /** This node's local clock: true time scaled by drift, plus offset and steps. */
  now(): Micros;
  send(to: NodeId, msg: M): void;
  /**
   * Send at once, even if writes are not yet durable: the escape for bug variants ("reply
   * before the vote is durable"). Correct code never calls it; a test checks that every
   * call in protocols/ is on a line guarded by a variant flag.
   */
  sendUnsynced(to: NodeId, msg: M): void;
  /** Fires when the local clock has advanced by `afterUs`. */
  setTimer(afterUs: Micros, name: string): TimerId;
  cancelTimer(id: TimerId): void;
  /** Uniform in [0, 1) from this node's own seeded stream. */
  random(): number;
  readonly disk: Disk;
  /** A protocol event in the trace (`became-leader`, `commit`, ...). Invariants see these. */
  log(event: string, fields?: Record<string, unknown>): void;
}

/**
 * What `inspect()` reports: a role (used by fault targets such as `leader`), optionally
 * more roles a node holds at once (`roles: ['lock-holder']`), and anything else.
 */
export interface NodeView {
  readonly role?: string;
  readonly roles?: readonly string[];
  readonly [field: string]: unknown;
}

/** A server process. `start` runs at first boot and on every restart (rebuild from ctx.disk). */
export interface ServerNode<M extends Message = Message> {
  start(ctx: Context<M>): void;
  receive(ctx: Context<M>, from: NodeId, msg: M): void;
  timer(ctx: Context<M>, name: string, id: TimerId): void;
  /** Optional: the writes of `sync()` number `syncId` (and every earlier one) are durable. */
  synced?(ctx: Context<M>, syncId: SyncId): void;
  inspect(): NodeView;
}

/**
 * An operation a workload asks for. `value` is the argument: null for reads, or any
 * structured value (a transfer `{from, to, amount}`, a list of keys to read, a list-append
 * transaction `[['append', 'x', 3], ['r', 'y', null]]`, a lock token to release).
 */
export interface WorkloadOp {
  readonly f: string;
  readonly key: string | null;
  readonly value: unknown;
  /**
   * The checked history the op belongs to, when a run checks several (lock ops against a
   * lock model, the resource's reads and writes against a register). Absent: `main`.
   */
  readonly history?: string;
}

/** An operation a client process is asked to perform (a WorkloadOp with the run's op id). */
export interface ClientOp extends WorkloadOp {
  readonly id: number;
}

/** The client a generator is asked about: its id (`c3`) and its index among the clients. */
export interface WorkloadClient {
  readonly id: NodeId;
  readonly index: number;
}

/** How an op ended, as its generator is told (`value` is the result of an ok op). */
export interface WorkloadOutcome {
  readonly type: 'ok' | 'fail' | 'info';
  readonly value: unknown;
}

/**
 * Where ops come from. The kernel asks for one op per idle client (a client runs one op
 * at a time) and reports how each ended, so a generator may keep per-client state and run
 * a program: acquire, write with the token, release. Randomness comes from the `random`
 * it was built with (the run's `workload` stream), never from elsewhere.
 */
export interface OpGenerator {
  /** The client's next op, or null when it has nothing to do now (asked again later). */
  next(client: WorkloadClient): WorkloadOp | null;
  /** The client's op ended (ok, fail, or info: timed out or cut off by the end of the run). */
  completed?(client: WorkloadClient, op: WorkloadOp, outcome: WorkloadOutcome): void;
}

/**
 * How an operation ended: `ok` (took effect; `value` is what a read returned, a structured
 * result such as a lock token, or absent for the invocation's own value), `fail`
 * (definitely did not take effect), `info` (unknown: may or may not have taken effect).
 * `server` names the server whose reply decided it, when known (history field `server`).
 * The kernel itself completes an op as `info` when its timeout passes.
 */
export type OpResult =
  | { readonly type: 'ok'; readonly value?: unknown; readonly server?: NodeId }
  | { readonly type: 'fail'; readonly error?: string; readonly server?: NodeId }
  | { readonly type: 'info'; readonly error?: string; readonly server?: NodeId };

export interface ClientContext<M extends Message = Message> extends Context<M> {
  /** Report the outcome of an op. Later completions of the same op are ignored. */
  complete(opId: number, result: OpResult): void;
}

/** A client process: a simulated node too, so partitions can cut it off. */
export interface ClientNode<M extends Message = Message> {
  start(ctx: ClientContext<M>): void;
  receive(ctx: ClientContext<M>, from: NodeId, msg: M): void;
  timer(ctx: ClientContext<M>, name: string, id: TimerId): void;
  /** Optional: as ServerNode.synced. */
  synced?(ctx: ClientContext<M>, syncId: SyncId): void;
  /** Begin an op. A client runs one op at a time; the kernel never overlaps them. */
  invoke(ctx: ClientContext<M>, op: ClientOp): void;
  /** The kernel gave up on `opId` (timeout): stop retrying it. */
  abandon(ctx: ClientContext<M>, opId: number): void;
  inspect(): NodeView;
}
