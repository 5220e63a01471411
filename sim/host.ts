// The node runtime: one host per simulated process (server or client). It owns what
// survives a crash (disk, clock, random stream) and what does not (the node object, its
// timers, messages held behind unsynced writes, the paused inbox), builds the context
// handlers see, and collects their effects into an outbox the world drains afterwards.
import { kernelBug } from './assert.js';
import type { NodeClock } from './clock.js';
import type { SimDisk } from './disk.js';
import type { Uniform } from './rng.js';
import { NodeContext } from './node-context.js';
import { TimerTable } from './timer-table.js';
import type {
  ClientNode,
  ClientOp,
  Message,
  Micros,
  NodeId,
  NodeView,
  OpResult,
  ServerNode,
  SyncId,
  TimerId,
  WorkloadOp,
} from './types.js';

/** What a host needs from the world around it. */
export interface HostEnvironment {
  readonly nowUs: Micros;
  scheduleTimer(host: Host, timerId: TimerId, atUs: Micros): void;
  logEvent(host: Host, event: string, fields: Record<string, unknown> | undefined): void;
  completeOp(host: Host, opId: number, result: OpResult): void;
  /** A sync started (or, without sync latency, completed for a node with a `synced` handler): schedule its notice. */
  scheduleSync(host: Host, syncId: SyncId): void;
  /** Protocol code threw outside a handler (e.g. in inspect()): fail the run. */
  protocolError(host: Host, where: string, thrown: unknown): void;
}

export type HostStatus = 'up' | 'down' | 'paused';

interface OutgoingMessage {
  readonly to: NodeId;
  readonly msg: Message;
}

/** A client's op between invocation and completion. */
export interface OpInProgress extends ClientOp {
  readonly process: number;
  readonly invokedAtUs: Micros;
  /** The client's index among the clients, and the op as its generator made it. */
  readonly slot: number;
  readonly generated: WorkloadOp;
}

/** A node object of either kind; clients have invoke/abandon too. */
export type AnyNode = ServerNode<Message> | ClientNode<Message>;

/** The most messages one node may hold behind unsynced writes before the run fails. */
const HELD_MESSAGES_MAX = 100_000;

/** A sync the node has not yet been told of, and the messages that leave when it completes. */
interface SyncNotice {
  readonly id: SyncId;
  readonly messages: OutgoingMessage[];
}

export class Host {
  status: HostStatus = 'down';
  node: AnyNode | null = null;
  /** The client's op in progress, if any (clients run one op at a time). */
  currentOp: OpInProgress | null = null;
  /** Jepsen process number: replaced by a fresh one after an op ends in `info`. */
  process: number;
  /** The pauses holding this node (fault layers): paused while any is active. They nest. */
  readonly pauses = new Set<number>();
  /** Deliveries and timer firings that arrived while paused, replayed on resume. */
  readonly pausedInbox: unknown[] = [];
  /** Ops that timed out while this client was paused: it is told to abandon them on resume. */
  readonly abandonOnResume: number[] = [];
  readonly timers = new TimerTable();
  /**
   * The outbox: `outboxCount` messages in two parallel arrays (destination, message) that
   * the world drains after each handler. The arrays are reused, never truncated (setting
   * length to 0 drops V8's backing store), so a send allocates nothing; a drained message
   * slot is cleared so the outbox keeps no message alive.
   */
  readonly outboxTo: NodeId[] = [];
  readonly outboxMsg: (Message | undefined)[] = [];
  outboxCount = 0;
  /** The destination of this host's last message and its index (the world's lookup cache). */
  lastToId: NodeId | null = null;
  lastToIndex = -1;
  /** Messages sent while writes were buffered: they wait for the next sync(). */
  private held: OutgoingMessage[] = [];
  /** Syncs started (or done, for a `synced` handler) whose notice is still to come, oldest first. */
  private readonly notices: SyncNotice[] = [];
  /** Syncs take simulated time (the scenario's disk.syncLatency); see useSyncLatency. */
  private syncLatency = false;
  /** When this node's latest sync completes: syncs complete in order. */
  lastSyncDoneUs: Micros = 0;
  private nextTimerId = 1;
  readonly context: NodeContext;

  constructor(
    readonly index: number,
    readonly id: NodeId,
    readonly isClient: boolean,
    readonly clock: NodeClock,
    readonly disk: SimDisk,
    readonly random: Uniform,
    servers: readonly NodeId[],
    allServers: readonly NodeId[],
    private readonly env: HostEnvironment,
  ) {
    this.process = index;
    disk.setSyncListener((syncId, started) => this.onSync(syncId, started));
    this.context = new NodeContext(this, servers, allServers);
  }

  /** This node's local clock now. */
  localNowUs(): Micros {
    return this.clock.localAt(this.env.nowUs);
  }

  /** A handler's send: held behind unsynced writes or a pending sync (persist-before-send), else posted. */
  send(to: NodeId, msg: Message): void {
    if (this.disk.dirty) this.hold(this.held, to, msg);
    else if (this.syncLatency && this.notices.length > 0) this.hold(this.notices[this.notices.length - 1]!.messages, to, msg);
    else this.post(to, msg);
  }

  logEvent(event: string, fields: Record<string, unknown> | undefined): void {
    this.env.logEvent(this, event, fields);
  }

  completeOp(opId: number, result: OpResult): void {
    this.env.completeOp(this, opId, result);
  }

  /** From now on a sync() only starts a sync; the world completes it (completeSync) after a drawn delay. */
  useSyncLatency(): void {
    this.syncLatency = true;
    this.disk.setSyncListener((syncId, started) => this.onSync(syncId, started), true);
  }

  private onSync(syncId: SyncId, started: boolean): void {
    if (started) {
      // Messages held behind these writes now wait for this sync; later sends queue behind it too.
      this.notices.push({ id: syncId, messages: this.held });
      this.held = [];
      this.env.scheduleSync(this, syncId);
      return;
    }
    if (this.held.length > 0) {
      for (const message of this.held) this.post(message.to, message.msg);
      this.held = [];
    }
    if (this.node?.synced !== undefined) {
      this.notices.push({ id: syncId, messages: [] });
      this.env.scheduleSync(this, syncId);
    }
  }

  /**
   * Sync `syncId` is done: with sync latency its writes become durable now. False when the
   * sync is no longer pending (the node crashed since), so its notice is dropped.
   */
  completeSync(syncId: SyncId): boolean {
    if (this.syncLatency && !this.disk.completeSync(syncId)) return false;
    for (const notice of this.notices) if (notice.id === syncId) return true;
    return false;
  }

  /** Tell the node: post the messages held behind the oldest pending sync, which must be `syncId`. */
  takeSyncNotice(syncId: SyncId): void {
    const notice = this.notices.shift();
    if (notice === undefined || notice.id !== syncId) {
      kernelBug(`sync ${syncId} of ${this.id} completed out of order (expected ${notice?.id ?? 'none'})`);
    }
    for (const message of notice.messages) this.post(message.to, message.msg);
  }

  private hold(queue: OutgoingMessage[], to: NodeId, msg: Message): void {
    if (queue.length >= HELD_MESSAGES_MAX) {
      throw new Error(`${this.id} holds ${HELD_MESSAGES_MAX} messages behind unsynced writes: sync the disk`);
    }
    queue.push({ to, msg });
  }

  get server(): ServerNode<Message> {
    return this.node as ServerNode<Message>;
  }

  get client(): ClientNode<Message> {
    return this.node as ClientNode<Message>;
  }

  view(): NodeView {
    if (this.node === null || this.status === 'down') return { role: 'down' };
    try {
      return this.node.inspect();
    } catch (thrown) {
      this.env.protocolError(this, 'inspect', thrown);
      return { role: 'error' };
    }
  }

  setTimer(afterUs: Micros, name: string): TimerId {
    if (!(afterUs >= 0) || !Number.isFinite(afterUs)) {
      throw new Error(`${this.id}: setTimer("${name}", ${afterUs}): the delay must be a finite number >= 0`);
    }
    const timerId = this.nextTimerId++;
    const nowUs = this.env.nowUs;
    const targetLocalUs = this.clock.localAt(nowUs) + Math.round(afterUs);
    this.timers.set(timerId, name, targetLocalUs);
    this.env.scheduleTimer(this, timerId, this.clock.trueAt(targetLocalUs, nowUs));
    return timerId;
  }

  /** A timer event arrived: its name if it is still pending and due by the local clock. */
  takeDueTimer(timerId: TimerId, nowUs: Micros): string | null {
    const timers = this.timers;
    const cell = timers.find(timerId);
    if (cell < 0) return null;
    // A clock step backwards after scheduling makes an old event early: reschedule.
    const targetLocalUs = timers.targetAt(cell);
    if (this.clock.localAt(nowUs) < targetLocalUs) {
      this.env.scheduleTimer(this, timerId, this.clock.trueAt(targetLocalUs, nowUs));
      return null;
    }
    const name = timers.nameAt(cell);
    timers.deleteAt(cell);
    return name;
  }

  /** The clock changed (step or drift): every pending timer gets a new true firing time. */
  rescheduleTimers(nowUs: Micros): void {
    for (const timer of this.timers.inOrder()) {
      this.env.scheduleTimer(this, timer.id, this.clock.trueAt(timer.targetLocalUs, nowUs));
    }
  }

  /** Volatile state is lost: the node object, timers, held messages, the paused inbox. */
  crash(loseUnsyncedWrites: boolean): number {
    this.status = 'down';
    this.node = null;
    this.timers.clear();
    this.held = [];
    this.notices.length = 0;
    this.lastSyncDoneUs = 0;
    this.clearOutbox();
    this.pausedInbox.length = 0;
    this.pauses.clear();
    this.abandonOnResume.length = 0;
    return this.disk.crash(loseUnsyncedWrites);
  }

  post(to: NodeId, msg: Message): void {
    const k = this.outboxCount++;
    this.outboxTo[k] = to;
    this.outboxMsg[k] = msg;
  }

  /** Empty the outbox (after the world sent what it holds, or on a crash). */
  clearOutbox(): void {
    const msgs = this.outboxMsg;
    for (let k = 0; k < this.outboxCount; k++) msgs[k] = undefined;
    this.outboxCount = 0;
  }
}
