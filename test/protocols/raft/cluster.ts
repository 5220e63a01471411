// A small deterministic driver for multi-node Raft tests: 3-5 RaftNodes on fake contexts,
// an in-memory network, optional kv clients, and Raft's invariants watching every event.
// Two ways to drive it:
//  - by hand: deliver(pred), drop(pred), fire(node, timer), crash/restart, partition;
//  - by time: run(us) pops the earliest message or timer, with seeded latencies.
import type { InvariantCheck, ObservedEvent } from '../../../checkers/invariants.js';
import type { ClientOp, NodeView, OpResult } from '../../../sim/types.js';
import { createKvClient, standardKvAdapter, type KvClient } from '../../../protocols/kv/client.js';
import { raftConfigSchema, type RaftConfig } from '../../../protocols/raft/config.js';
import { RAFT_INVARIANTS } from '../../../protocols/raft/invariants.js';
import type { RaftMessage } from '../../../protocols/raft/messages.js';
import { RaftNode } from '../../../protocols/raft/node.js';
import { raftFlags } from '../../../protocols/raft/variants.js';
import type { RaftView } from '../../../protocols/raft/view.js';
import { FakeContext, seededRandom } from '../../support/fake-context.js';

export interface InFlight {
  readonly seq: number;
  readonly from: string;
  readonly to: string;
  readonly msg: RaftMessage;
  /** True time it arrives when driven by time. */
  readonly atUs: number;
}

export interface ClusterOptions {
  readonly nodes?: number;
  readonly config?: Record<string, unknown>;
  readonly variant?: string | null;
  readonly seed?: number;
  /** Latency range for run(): uniform in [min, max] microseconds. */
  readonly latencyUs?: readonly [number, number];
  readonly clients?: number;
  /** Per-node clock rate error in ppm (local = true * (1 + ppm/1e6)). */
  readonly driftPpm?: Readonly<Record<string, number>>;
  /** Feed events to Raft's invariants (default true). */
  readonly invariants?: boolean;
  /** Throw when a handler throws (default), or record it as an error. */
  readonly recordErrors?: boolean;
}

export interface Violation {
  readonly invariant: string;
  readonly message: string;
  readonly eventIndex: number;
}

export interface CompletedOp {
  readonly client: string;
  readonly op: ClientOp;
  readonly result: OpResult;
  readonly invokedUs: number;
  readonly completedUs: number;
}

type Ctx = FakeContext<RaftMessage>;

export class Cluster {
  readonly ids: string[];
  readonly clientIds: string[];
  readonly config: RaftConfig;
  readonly nodes = new Map<string, RaftNode>();
  readonly ctxs = new Map<string, Ctx>();
  readonly clients = new Map<string, KvClient<RaftMessage>>();
  readonly down = new Set<string>();
  network: InFlight[] = [];
  readonly events: ObservedEvent[] = [];
  readonly violations: Violation[] = [];
  readonly completed: CompletedOp[] = [];
  readonly errors: string[] = [];
  nowUs = 0;
  private seq = 0;
  private groups: string[][] | null = null;
  private readonly rng: () => number;
  private readonly checks: { name: string; check: InvariantCheck; failed: boolean }[];
  private readonly pendingOps = new Map<string, { op: ClientOp; invokedUs: number }>();
  private nextOpId = 1;

  constructor(private readonly options: ClusterOptions = {}) {
    const n = options.nodes ?? 3;
    this.ids = Array.from({ length: n }, (_, i) => `n${i + 1}`);
    this.clientIds = Array.from({ length: options.clients ?? 0 }, (_, i) => `c${i + 1}`);
    this.config = raftConfigSchema.parse(options.config ?? {});
    this.rng = seededRandom(options.seed ?? 7);
    this.checks = (options.invariants === false ? [] : RAFT_INVARIANTS).map((inv) => ({ name: inv.name, check: inv.create(), failed: false }));
    for (const id of this.ids) {
      this.ctxs.set(id, this.newContext(id));
      this.nodes.set(id, this.newNode(id));
    }
    for (const id of this.clientIds) {
      this.ctxs.set(id, this.newContext(id));
      this.clients.set(
        id,
        createKvClient(
          {
            requestTimeoutUs: this.config.clientTimeout,
            backoffMinUs: this.config.clientBackoff.minUs,
            backoffMaxUs: this.config.clientBackoff.maxUs,
          },
          standardKvAdapter<RaftMessage>(),
        ),
      );
    }
    for (const id of this.ids) this.handle(id, 'start', () => this.nodes.get(id)!.start(this.ctx(id)));
    for (const id of this.clientIds) this.handle(id, 'start', () => this.clients.get(id)!.start(this.ctx(id)));
  }

  ctx(id: string): Ctx {
    return this.ctxs.get(id)!;
  }

  node(id: string): RaftNode {
    return this.nodes.get(id)!;
  }

  view(id: string): RaftView {
    return this.node(id).inspect() as RaftView;
  }

  /** The up node that is leader in the highest term, or null. */
  leader(): string | null {
    let best: string | null = null;
    for (const id of this.ids) {
      if (this.down.has(id)) continue;
      const view = this.view(id);
      if (view.role === 'leader' && (best === null || view.term > this.view(best).term)) best = id;
    }
    return best;
  }

  // ---- driving by hand ----

  /** Deliver (in queue order) every in-flight message matching `pred`; returns how many. */
  deliver(pred: (m: InFlight) => boolean = () => true): number {
    const chosen = this.network.filter(pred);
    this.network = this.network.filter((m) => !pred(m));
    for (const m of chosen) this.deliverOne(m);
    return chosen.length;
  }

  /** Deliver until the network is empty (or `stepsMax` deliveries), oldest first. */
  deliverAll(stepsMax = 10_000): number {
    let steps = 0;
    while (this.network.length > 0) {
      if (++steps > stepsMax) throw new Error(`deliverAll: more than ${stepsMax} deliveries`);
      this.deliverOne(this.network.shift()!);
    }
    return steps;
  }

  drop(pred: (m: InFlight) => boolean = () => true): number {
    const before = this.network.length;
    this.network = this.network.filter((m) => !pred(m));
    return before - this.network.length;
  }

  /** Copies of in-flight messages matching `pred` (to re-inject later as duplicates). */
  capture(pred: (m: InFlight) => boolean): InFlight[] {
    return this.network.filter(pred);
  }

  inject(m: InFlight): void {
    this.network.push({ ...m, seq: this.seq++ });
  }

  /** Fire the node's pending timer named `name`, moving time forward to it if needed. */
  fire(id: string, name: string): void {
    const ctx = this.ctx(id);
    const timer = ctx.timerNamed(name);
    if (timer === undefined) throw new Error(`${id} has no pending "${name}" timer`);
    this.advanceTo(Math.max(this.nowUs, this.trueTimeOf(id, timer.atUs)));
    ctx.timers.delete(timer.id);
    this.handle(id, `timer ${name}`, () => this.node(id).timer(ctx, name, timer.id));
  }

  /** Fire the election timer until the node campaigns (the timer is lazy). */
  timeout(id: string): void {
    const before = this.view(id);
    for (let i = 0; i < 10; i++) {
      this.fire(id, 'election');
      const after = this.view(id);
      if (after.role !== before.role || after.term !== before.term) return;
    }
    throw new Error(`${id} did not campaign`);
  }

  /** Time out `id` and deliver everything: it should end up leader. */
  elect(id: string): void {
    this.timeout(id);
    this.deliverAll();
    if (this.view(id).role !== 'leader') throw new Error(`${id} was not elected: ${JSON.stringify(this.view(id))}`);
  }

  crash(id: string, loseUnsyncedWrites = true): void {
    this.down.add(id);
    this.ctxs.set(id, this.ctx(id).crash(loseUnsyncedWrites));
    this.observe({ kind: 'crash', node: id, name: 'crash', fields: {} });
  }

  restart(id: string): void {
    this.down.delete(id);
    this.nodes.set(id, this.newNode(id));
    const ctx = this.ctx(id);
    this.setContextTime(id, ctx);
    this.observe({ kind: 'restart', node: id, name: 'restart', fields: {} });
    this.handle(id, 'start', () => this.node(id).start(ctx));
  }

  /** Cut the groups from each other; nodes in no group (clients) reach everyone. */
  partition(groups: string[][]): void {
    this.groups = groups;
  }

  heal(): void {
    this.groups = null;
  }

  advanceTo(trueUs: number): void {
    if (trueUs < this.nowUs) throw new Error(`time going back to ${trueUs}`);
    this.nowUs = trueUs;
    for (const [id, ctx] of this.ctxs) this.setContextTime(id, ctx);
  }

  // ---- clients ----

  /** Start an op on a client; its completion lands in `completed`. */
  invoke(client: string, f: string, key: string, value: unknown = null): ClientOp {
    const op: ClientOp = { id: this.nextOpId++, f, key, value };
    this.pendingOps.set(client, { op, invokedUs: this.nowUs });
    this.handle(client, `invoke ${f}`, () => this.clients.get(client)!.invoke(this.ctx(client), op));
    return op;
  }

  abandon(client: string): void {
    const pending = this.pendingOps.get(client);
    if (pending === undefined) return;
    this.pendingOps.delete(client);
    this.clients.get(client)!.abandon(this.ctx(client), pending.op.id);
  }

  busy(client: string): boolean {
    return this.pendingOps.has(client);
  }

  // ---- driving by time ----

  /** Run events in time order for `durationUs`; `beforeEach` may invoke client ops. */
  run(durationUs: number, beforeEach?: (cluster: Cluster) => void, eventsMax = 1_000_000): void {
    const endUs = this.nowUs + durationUs;
    for (let steps = 0; steps < eventsMax; steps++) {
      beforeEach?.(this);
      const next = this.nextEvent();
      if (next === null || next.atUs > endUs) {
        this.advanceTo(endUs);
        return;
      }
      this.advanceTo(Math.max(this.nowUs, next.atUs));
      if (next.kind === 'message') {
        this.network.splice(this.network.indexOf(next.message), 1);
        this.deliverOne(next.message);
      } else {
        const ctx = this.ctx(next.node);
        ctx.timers.delete(next.timerId);
        const target = this.clients.get(next.node) ?? this.node(next.node);
        this.handle(next.node, `timer ${next.name}`, () => target.timer(ctx, next.name, next.timerId));
      }
    }
    throw new Error(`run: more than ${eventsMax} events`);
  }

  /** Run `atEnd` checks of every invariant (call once, at the end). */
  checkAtEnd(): void {
    for (const entry of this.checks) {
      if (entry.failed || entry.check.atEnd === undefined) continue;
      const message = entry.check.atEnd((n) => this.viewOf(n), this.ids);
      if (message !== null) {
        entry.failed = true;
        this.violations.push({ invariant: entry.name, message, eventIndex: -1 });
      }
    }
  }

  violated(name: string): Violation | undefined {
    return this.violations.find((v) => v.invariant === name);
  }

  eventsNamed(name: string, node?: string): ObservedEvent[] {
    return this.events.filter((e) => e.name === name && (node === undefined || e.node === node));
  }

  // ---- internals ----

  private newContext(id: string): Ctx {
    const ctx = new FakeContext<RaftMessage>({
      id,
      servers: this.ids,
      seed: Math.floor(this.rng() * 2 ** 31),
      onLog: (event, fields) => this.observe({ kind: 'log', node: id, name: event, fields }),
    });
    this.setContextTime(id, ctx);
    return ctx;
  }

  private newNode(id: string): RaftNode {
    return new RaftNode(id, this.ids, this.config, raftFlags(this.options.variant ?? null));
  }

  private localTime(id: string, trueUs: number): number {
    const ppm = this.options.driftPpm?.[id] ?? 0;
    return Math.floor(trueUs * (1 + ppm / 1_000_000));
  }

  private trueTimeOf(id: string, localUs: number): number {
    const ppm = this.options.driftPpm?.[id] ?? 0;
    return Math.ceil(localUs / (1 + ppm / 1_000_000));
  }

  private setContextTime(id: string, ctx: Ctx): void {
    ctx.nowUs = this.localTime(id, this.nowUs);
  }

  private viewOf(id: string): Readonly<Record<string, unknown>> & { readonly role?: string } {
    if (this.down.has(id)) return { role: 'down' };
    const node = this.nodes.get(id);
    const view: NodeView = node === undefined ? { role: 'client' } : node.inspect();
    return view as Readonly<Record<string, unknown>> & { readonly role?: string };
  }

  private observe(e: { kind: string; node: string; name: string; fields: Record<string, unknown> }): void {
    if (this.checks.length === 0) return;
    const event: ObservedEvent = { ...e, index: this.events.length, timeUs: this.nowUs };
    this.events.push(event);
    for (const entry of this.checks) {
      if (entry.failed || entry.check.onEvent === undefined) continue;
      const message = entry.check.onEvent(event, (n) => this.viewOf(n), this.ids);
      if (message !== null) {
        entry.failed = true;
        this.violations.push({ invariant: entry.name, message, eventIndex: event.index });
      }
    }
  }

  private blocked(from: string, to: string): boolean {
    if (this.groups === null) return false;
    const gFrom = this.groups.findIndex((g) => g.includes(from));
    const gTo = this.groups.findIndex((g) => g.includes(to));
    return gFrom >= 0 && gTo >= 0 && gFrom !== gTo;
  }

  private deliverOne(m: InFlight): void {
    if (this.down.has(m.to) || this.blocked(m.from, m.to)) return;
    const ctx = this.ctx(m.to);
    const client = this.clients.get(m.to);
    if (client !== undefined) {
      this.handle(m.to, `receive ${m.msg.type}`, () => client.receive(ctx, m.from, m.msg));
    } else {
      this.handle(m.to, `receive ${m.msg.type}`, () => this.node(m.to).receive(ctx, m.from, m.msg));
    }
  }

  private handle(id: string, what: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      if (!this.options.recordErrors) throw error;
      this.errors.push(`${id} ${what}: ${(error as Error).message}`);
    }
    this.collect(id);
  }

  private collect(id: string): void {
    const ctx = this.ctx(id);
    if (ctx.held.length > 0) throw new Error(`${id} left ${ctx.held.length} messages behind unsynced writes`);
    const [lo, hi] = this.options.latencyUs ?? [1_000, 5_000];
    for (const sent of ctx.takeSent()) {
      if (this.blocked(sent.from, sent.to)) continue;
      const atUs = this.nowUs + lo + Math.floor(this.rng() * (hi - lo + 1));
      this.network.push({ seq: this.seq++, from: sent.from, to: sent.to, msg: sent.msg as RaftMessage, atUs });
    }
    for (const { opId, result } of ctx.completions.splice(0)) {
      const pending = this.pendingOps.get(id);
      if (pending === undefined || pending.op.id !== opId) continue;
      this.pendingOps.delete(id);
      this.completed.push({ client: id, op: pending.op, result, invokedUs: pending.invokedUs, completedUs: this.nowUs });
    }
  }

  private nextEvent():
    | { kind: 'message'; atUs: number; message: InFlight }
    | { kind: 'timer'; atUs: number; node: string; name: string; timerId: number }
    | null {
    let best: ReturnType<Cluster['nextEvent']> = null;
    for (const m of this.network) {
      if (best === null || m.atUs < best.atUs) best = { kind: 'message', atUs: m.atUs, message: m };
    }
    for (const [id, ctx] of this.ctxs) {
      if (this.down.has(id)) continue;
      for (const timer of ctx.timers.values()) {
        const atUs = this.trueTimeOf(id, timer.atUs);
        if (best === null || atUs < best.atUs) best = { kind: 'timer', atUs, node: id, name: timer.name, timerId: timer.id };
      }
    }
    return best;
  }
}
