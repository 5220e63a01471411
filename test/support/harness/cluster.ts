// The protocol test harness: any registered protocol's servers and clients on fake contexts
// (no kernel), an in-memory network the test controls, and the protocol's own invariants
// watching every event. Two ways to drive it, freely mixed:
//  - by hand: deliver(pred), drop(pred), duplicate via inFlight + inject, fire(node,
//    timer), crash / restart, partition / heal, invoke(client, op);
//  - by time: run(us) pops the earliest message or timer, with seeded latencies.
// Messages to an id that is not a node (a test playing client: 'client') land in `outside`.
// docs/architecture.md, "Testing a protocol", shows it in use.
import type { InvariantViolation, ObservedEvent, ViewOf } from '../../../checkers/invariants.js';
import { PROTOCOLS } from '../../../protocols/registry.js';
import { serverKinds, type AnyProtocol, type ProtocolSetup } from '../../../sim/protocol.js';
import type { ClientNode, ClientOp, Message, NodeId, NodeView, ServerNode } from '../../../sim/types.js';
import { compareEpochs, holdsRole } from '../../../sim/targets.js';
import { FakeContext, seededRandom, type FakeTimer } from '../fake-context.js';
import { ClientOps, type CompletedOp } from './client-ops.js';
import { Clocks } from './clocks.js';
import { layOut, type HarnessOptions } from './layout.js';
import { ANY, HandNetwork, type InFlight, type Pred } from './network.js';
import { Watch } from './watch.js';

export type { InFlight } from './network.js';
export type { HarnessOptions } from './layout.js';
export type { CompletedOp } from './client-ops.js';

export class Harness<N extends ServerNode<M> = ServerNode<Message>, M extends Message = Message> {
  readonly protocol: AnyProtocol;
  readonly config: unknown;
  /** Server ids in order, and each one's service group (null without services). */
  readonly ids: readonly NodeId[];
  readonly clientIds: readonly NodeId[];
  readonly groupOf: ReadonlyMap<NodeId, string>;
  readonly down = new Set<NodeId>();
  private readonly net = new HandNetwork<M>();
  /** Messages addressed to ids that are not nodes, oldest first. */
  readonly outside: InFlight<M>[] = [];
  readonly errors: string[] = [];
  private readonly servers = new Map<NodeId, N>();
  private readonly clients = new Map<NodeId, ClientNode<M>>();
  private readonly ctxs = new Map<NodeId, FakeContext<M>>();
  private readonly setups = new Map<NodeId, ProtocolSetup<unknown>>();
  private readonly clocks: Clocks;
  private readonly rng: () => number;
  private readonly watch: Watch;
  private readonly ops = new ClientOps();

  constructor(protocol: AnyProtocol | string, private readonly options: HarnessOptions = {}) {
    const found = typeof protocol === 'string' ? PROTOCOLS.get(protocol) : protocol;
    if (found === undefined) throw new Error(`no protocol named ${String(protocol)}`);
    this.protocol = found;
    const variant = options.variant ?? null;
    if (variant !== null && !Object.hasOwn(found.variants, variant)) throw new Error(`${found.name} has no variant ${variant}`);
    this.config = found.configSchema.parse(options.config ?? {});
    const layout = layOut(options);
    this.ids = layout.ids;
    this.groupOf = layout.groupOf;
    const services = layout.services;
    this.clientIds = Array.from({ length: options.clients ?? 0 }, (_, i) => `c${i + 1}`);
    this.clocks = new Clocks(options);
    this.rng = seededRandom(options.seed ?? 7);
    this.watch = new Watch(options.invariants === false ? [] : found.invariants, this.ids, this.viewOf);
    for (const id of [...this.ids, ...this.clientIds]) {
      const group = this.groupOf.get(id) ?? null;
      const kind = this.clientIds.includes(id) ? 'client' : (group ?? serverKinds(found)[0]!);
      this.setups.set(id, { config: this.config, variant, servers: this.ids, allServers: this.ids, kind, group, services });
      this.ctxs.set(id, this.newContext(id));
      if (kind !== 'client') this.servers.set(id, found.createServer(id, this.setups.get(id)!) as N);
    }
    for (const id of this.clientIds) this.clients.set(id, found.createClient(id, this.setups.get(id)!) as ClientNode<M>);
    for (const id of this.ids) this.handle(id, 'start', () => this.node(id).start(this.ctx(id)));
    for (const id of this.clientIds) this.handle(id, 'start', () => this.clients.get(id)!.start(this.ctx(id)));
  }

  get nowUs(): number {
    return this.clocks.nowUs;
  }

  ctx(id: NodeId): FakeContext<M> {
    const ctx = this.ctxs.get(id);
    if (ctx === undefined) throw new Error(`no node ${id}`);
    return ctx;
  }

  node(id: NodeId): N {
    const node = this.servers.get(id);
    if (node === undefined) throw new Error(`no server ${id}`);
    return node;
  }

  view(id: NodeId): NodeView {
    return this.servers.get(id)?.inspect() ?? this.clients.get(id)!.inspect();
  }

  /** Up servers that report `role`; for a unique role, the one with the newest epoch first. */
  holders(role: string): NodeId[] {
    const epochOf = this.protocol.epochOf ?? (() => 0);
    const newer = (a: NodeId, b: NodeId) => compareEpochs(epochOf(this.view(b)), epochOf(this.view(a)));
    return this.ids.filter((id) => !this.down.has(id) && holdsRole(this.view(id), role)).sort(newer);
  }

  /** The up leader with the newest epoch, or null. */
  leader(): NodeId | null {
    return this.holders('leader')[0] ?? null;
  }

  // ---- driving by hand ----

  /** Messages in flight, in send order (read-only: use deliver, drop, inject). */
  get network(): readonly InFlight<M>[] {
    return this.net.messages;
  }

  /** In-flight messages matching `pred`, in send order (not consumed): to look at, or to re-inject as duplicates. */
  inFlight(pred: Pred<M> = ANY): InFlight<M>[] {
    return this.net.messages.filter(pred);
  }

  /** Deliver (in send order) every in-flight message matching `pred`; returns how many. */
  deliver(pred: Pred<M> = ANY): number {
    const chosen = this.net.take(pred);
    for (const m of chosen) this.receive(m);
    return chosen.length;
  }

  /** Deliver until the network is empty (at most `stepsMax` deliveries), oldest first. */
  deliverAll(stepsMax = 10_000): number {
    let steps = 0;
    for (let m = this.net.messages[0]; m !== undefined; m = this.net.messages[0]) {
      if (++steps > stepsMax) throw new Error(`deliverAll: more than ${stepsMax} deliveries`);
      this.net.remove(m);
      this.receive(m);
    }
    return steps;
  }

  /** Lose every in-flight message matching `pred`; returns how many. */
  drop(pred: Pred<M> = ANY): number {
    return this.net.take(pred).length;
  }

  /** Put a message in flight: a copy of one seen in flight, or one the test writes (`from` may be any id). */
  inject(m: { from: NodeId; to: NodeId; msg: M; atUs?: number }): void {
    this.net.send(m.from, m.to, m.msg, m.atUs ?? this.nowUs);
  }

  /** Fire the node's pending timer named `name` (set last), moving time forward to it if needed. */
  fire(id: NodeId, name: string): void {
    const timer = this.ctx(id).timerNamed(name);
    if (timer === undefined) throw new Error(`${id} has no pending "${name}" timer`);
    this.fireAt(id, timer);
  }

  /** Fire every timer named `name` pending now (not those they set), in the order they were set. */
  fireEach(id: NodeId, name: string): number {
    const due = [...this.ctx(id).timers.values()].filter((t) => t.name === name);
    for (const timer of due) if (this.ctx(id).timers.has(timer.id)) this.fireAt(id, timer);
    return due.length;
  }

  /** Crash: volatile state, timers and held messages are lost; the disk keeps what was synced. */
  crash(id: NodeId, loseUnsyncedWrites = true): void {
    this.down.add(id);
    this.ctxs.set(id, this.ctx(id).crash(loseUnsyncedWrites));
    this.observe(id, 'crash', 'crash', {});
  }

  /** Restart: a fresh node object from the protocol, started on the same disk. */
  restart(id: NodeId): void {
    this.down.delete(id);
    this.servers.set(id, this.protocol.createServer(id, this.setups.get(id)!) as N);
    this.clocks.set(id, this.ctx(id));
    this.observe(id, 'restart', 'restart', {});
    this.handle(id, 'start', () => this.node(id).start(this.ctx(id)));
  }

  /** Cut the groups from each other (messages across are lost); ids in no group reach everyone. */
  partition(groups: NodeId[][]): void {
    this.net.partition(groups);
  }

  heal(): void {
    this.net.partition(null);
  }

  advanceTo(trueUs: number): void {
    this.clocks.advanceTo(trueUs, this.ctxs);
  }

  // ---- clients ----

  /** Start an op on a client; its completion lands in `completed`. */
  invoke(client: NodeId, f: string, key: string | null, value: unknown = null): ClientOp {
    const op = this.ops.start(client, f, key, value, this.nowUs);
    this.handle(client, `invoke ${f}`, () => this.clients.get(client)!.invoke(this.ctx(client), op));
    return op;
  }

  abandon(client: NodeId): void {
    const opId = this.ops.abandon(client);
    if (opId !== undefined) this.clients.get(client)!.abandon(this.ctx(client), opId);
  }

  busy(client: NodeId): boolean {
    return this.ops.busy(client);
  }

  get completed(): readonly CompletedOp[] {
    return this.ops.completed;
  }

  // ---- driving by time ----

  /** Run events in time order for `durationUs`; `beforeEach` may invoke client ops. */
  run(durationUs: number, beforeEach?: (h: this) => void, eventsMax = 1_000_000): void {
    const endUs = this.nowUs + durationUs;
    for (let steps = 0; steps < eventsMax; steps++) {
      beforeEach?.(this);
      const next = this.nextEvent();
      if (next === null || next.atUs > endUs) return this.advanceTo(endUs);
      this.advanceTo(Math.max(this.nowUs, next.atUs));
      if (next.message !== null) {
        this.net.remove(next.message);
        this.receive(next.message);
      } else {
        this.fireTimer(next.node, next.timerId, next.name);
      }
    }
    throw new Error(`run: more than ${eventsMax} events`);
  }

  // ---- invariants ----

  /** Run every invariant's end-of-run check (call once, at the end). */
  checkAtEnd(): void {
    this.watch.atEnd(this.nowUs);
  }

  get violations(): InvariantViolation[] {
    return this.watch.violations;
  }

  violated(name: string): InvariantViolation | undefined {
    return this.watch.violationOf(name);
  }

  /** Logged events, crashes and restarts, as the invariants saw them. */
  get events(): readonly ObservedEvent[] {
    return this.watch.events;
  }

  eventsNamed(name: string, node?: NodeId): ObservedEvent[] {
    return this.watch.eventsNamed(name, node);
  }

  // ---- internals ----

  private readonly viewOf: ViewOf = (id) => (this.down.has(id) ? { role: 'down' } : (this.view(id) as ReturnType<ViewOf>));

  private newContext(id: NodeId): FakeContext<M> {
    const ctx = new FakeContext<M>({
      id,
      servers: this.ids,
      seed: Math.floor(this.rng() * 2 ** 31),
      onLog: (event, fields) => this.observe(id, 'log', event, fields),
    });
    this.clocks.set(id, ctx);
    return ctx;
  }

  private observe(node: NodeId, kind: string, name: string, fields: Record<string, unknown>): void {
    if (this.options.invariants !== false) this.watch.observe(this.nowUs, node, kind, name, fields);
  }

  private receive(m: InFlight<M>): void {
    if (this.down.has(m.to) || this.net.blocked(m.from, m.to)) return;
    const client = this.clients.get(m.to);
    const target = client ?? this.node(m.to);
    this.handle(m.to, `receive ${m.msg.type}`, () => target.receive(this.ctx(m.to), m.from, m.msg));
  }

  private fireAt(id: NodeId, timer: FakeTimer): void {
    this.advanceTo(Math.max(this.nowUs, this.clocks.trueTime(id, timer.atUs)));
    this.fireTimer(id, timer.id, timer.name);
  }

  private fireTimer(id: NodeId, timerId: number, name: string): void {
    const ctx = this.ctx(id);
    ctx.timers.delete(timerId);
    const target = this.clients.get(id) ?? this.node(id);
    this.handle(id, `timer ${name}`, () => target.timer(ctx, name, timerId));
  }

  private handle(id: NodeId, what: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      if (!this.options.recordErrors) throw error;
      this.errors.push(`${id} ${what}: ${(error as Error).message}`);
    }
    this.collect(id);
  }

  /** After a handler: tell it of its syncs, put what it sent in flight, record completions. */
  private collect(id: NodeId): void {
    const ctx = this.ctx(id);
    const target = this.clients.get(id) ?? this.servers.get(id);
    for (const syncId of ctx.syncs.splice(0)) this.handle(id, 'synced', () => target?.synced?.(ctx, syncId));
    if (ctx.held.length > 0) throw new Error(`${id} left ${ctx.held.length} messages behind unsynced writes`);
    const [lo, hi] = this.options.latencyUs ?? [1_000, 5_000];
    for (const sent of ctx.takeSent()) {
      if (this.net.blocked(sent.from, sent.to)) continue;
      const atUs = this.nowUs + lo + Math.floor(this.rng() * (hi - lo + 1));
      if (this.ctxs.has(sent.to)) this.net.send(sent.from, sent.to, sent.msg, atUs);
      else this.outside.push({ seq: -1, from: sent.from, to: sent.to, msg: sent.msg, atUs });
    }
    for (const { opId, result } of ctx.completions.splice(0)) this.ops.complete(id, opId, result, this.nowUs);
  }

  private nextEvent(): { atUs: number; message: InFlight<M> | null; node: NodeId; name: string; timerId: number } | null {
    const m = this.net.earliest();
    let best: ReturnType<Harness<N, M>['nextEvent']> = m === null ? null : { atUs: m.atUs, message: m, node: m.to, name: '', timerId: -1 };
    for (const [id, ctx] of this.ctxs) {
      if (this.down.has(id)) continue;
      for (const timer of ctx.timers.values()) {
        const atUs = this.clocks.trueTime(id, timer.atUs);
        if (best === null || atUs < best.atUs) best = { atUs, message: null, node: id, name: timer.name, timerId: timer.id };
      }
    }
    return best;
  }
}
