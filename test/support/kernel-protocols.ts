// Small protocols for kernel tests, each with one job:
//   chatter   - servers (and optionally clients) send numbered messages on a timer, so the
//               network's behaviour can be read off the trace link by link
//   pingpong  - two nodes bounce a message forever (runaway runs, budgets)
//   leader    - inspect() reports role `leader` on a chosen node, switching at a chosen time
//   thrower   - throws from a chosen handler (or factory, inspect, messageBytes)
//   lazysync  - replies before syncing and syncs later (persist-before-send)
//   bootonce  - arms a timer only at first boot (timers must not survive a crash)
//   probeClient - a client that logs what the kernel asks of it
// Configs are read with defaults here (the world does not parse them), so a test passes
// only the fields it cares about.
import { z } from 'zod';
import type { AnyProtocol, Protocol } from '../../sim/protocol.js';
import { RegisterClient } from './register-protocol.js';
import type {
  ClientContext,
  ClientNode,
  ClientOp,
  Context,
  Message,
  NodeId,
  ServerNode,
} from '../../sim/types.js';

const anyConfig = z.any() as unknown as z.ZodType<never>;

function configOf<C>(defaults: C, given: unknown): C {
  return { ...defaults, ...((given ?? {}) as Partial<C>) };
}

/** A client that does nothing (protocols whose tests use no workload). */
class IdleClient implements ClientNode<Message> {
  start(): void {}
  receive(): void {}
  timer(): void {}
  invoke(): void {}
  abandon(): void {}
  inspect() {
    return { role: 'client' };
  }
}

function base(name: string): Pick<
  Protocol<never, Message>,
  'name' | 'description' | 'configSchema' | 'variants' | 'model' | 'operations' | 'roles' | 'invariants' | 'messageBytes'
> {
  return {
    name,
    description: `kernel test protocol: ${name}`,
    configSchema: anyConfig,
    variants: {},
    model: 'register',
    operations: ['read', 'write'],
    roles: [],
    invariants: [],
    messageBytes: () => 10,
  };
}

// ---------------------------------------------------------------- chatter

export interface ChatterMsg {
  readonly type: 'm';
  /** Per directed link, 1, 2, 3, ... in send order. */
  readonly seq: number;
}

export interface ChatterConfig {
  /** Local-clock period of the send timer. */
  periodUs: number;
  /** Messages sent to each target per tick. */
  perTick: number;
  /** Stop after this many ticks (0: never). */
  ticksMax: number;
  /** Which servers send (null: all). */
  senders: NodeId[] | null;
  /** Whom a sender sends to (null: every other server). */
  targets: NodeId[] | null;
  /** Clients also send to every server. */
  clientsSend: boolean;
  /** Senders also send to themselves. */
  selfSend: boolean;
}

const CHATTER_DEFAULTS: ChatterConfig = {
  periodUs: 1_000,
  perTick: 1,
  ticksMax: 0,
  senders: null,
  targets: null,
  clientsSend: false,
  selfSend: false,
};

class ChatterNode implements ServerNode<ChatterMsg>, ClientNode<ChatterMsg> {
  private readonly seqTo = new Map<NodeId, number>();
  private ticks = 0;
  received = 0;
  constructor(
    private readonly config: ChatterConfig,
    private readonly sends: boolean,
    private readonly targetsOf: (ctx: Context<ChatterMsg>) => readonly NodeId[],
  ) {}
  start(ctx: Context<ChatterMsg>): void {
    if (this.sends) ctx.setTimer(this.config.periodUs, 'tick');
  }
  receive(): void {
    this.received++;
  }
  timer(ctx: Context<ChatterMsg>): void {
    this.ticks++;
    for (const to of this.targetsOf(ctx)) {
      for (let k = 0; k < this.config.perTick; k++) {
        const seq = (this.seqTo.get(to) ?? 0) + 1;
        this.seqTo.set(to, seq);
        ctx.send(to, { type: 'm', seq });
      }
    }
    if (this.config.ticksMax === 0 || this.ticks < this.config.ticksMax) ctx.setTimer(this.config.periodUs, 'tick');
  }
  invoke(): void {}
  abandon(): void {}
  inspect() {
    return { role: 'chatter', received: this.received, ticks: this.ticks };
  }
}

export const chatterProtocol: AnyProtocol = {
  ...base('test-chatter'),
  createServer: (id, setup) => {
    const config = configOf(CHATTER_DEFAULTS, setup.config);
    const sends = config.senders === null || config.senders.includes(id);
    const others = (ctx: Context<ChatterMsg>) => config.targets?.filter((t) => t !== id) ?? ctx.peers;
    return new ChatterNode(config, sends, config.selfSend ? (ctx) => [...others(ctx), id] : others);
  },
  createClient: (_id, setup) => {
    const config = configOf(CHATTER_DEFAULTS, setup.config);
    return new ChatterNode(config, config.clientsSend, (ctx) => ctx.servers);
  },
};

// ---------------------------------------------------------------- pingpong

export interface PingPongMsg {
  readonly type: 'ping';
  readonly n: number;
}

class PingPongNode implements ServerNode<PingPongMsg> {
  start(ctx: Context<PingPongMsg>): void {
    if (ctx.id === ctx.servers[0]) ctx.send(ctx.servers[1]!, { type: 'ping', n: 0 });
  }
  receive(ctx: Context<PingPongMsg>, from: NodeId, msg: PingPongMsg): void {
    ctx.send(from, { type: 'ping', n: msg.n + 1 });
  }
  timer(): void {}
  inspect() {
    return { role: 'player' };
  }
}

/** Two servers bounce one message forever: with 1us latency, a million events per virtual second. */
export const pingPongProtocol: AnyProtocol = {
  ...base('test-pingpong'),
  createServer: () => new PingPongNode(),
  createClient: () => new IdleClient(),
};

// ---------------------------------------------------------------- leader

export interface LeaderConfig {
  /** Leader from the start. */
  leader: NodeId | null;
  /** After `switchUs` (local time), this node is the leader instead. */
  nextLeader: NodeId | null;
  switchUs: number;
}

const LEADER_DEFAULTS: LeaderConfig = { leader: null, nextLeader: null, switchUs: 0 };

class LeaderNode implements ServerNode<Message> {
  private role = 'follower';
  private term = 1;
  constructor(private readonly config: LeaderConfig) {}
  start(ctx: Context<Message>): void {
    this.role = this.config.leader === ctx.id ? 'leader' : 'follower';
    if (this.config.nextLeader !== null) ctx.setTimer(Math.max(0, this.config.switchUs - ctx.now()), 'switch');
  }
  receive(): void {}
  timer(ctx: Context<Message>): void {
    this.term = 2;
    this.role = this.config.nextLeader === ctx.id ? 'leader' : 'follower';
    ctx.log('role', { role: this.role });
  }
  inspect() {
    return { role: this.role, term: this.term };
  }
}

/** inspect() says `leader` on config.leader, then on config.nextLeader from switchUs on. */
export const leaderProtocol: AnyProtocol = {
  ...base('test-leader'),
  roles: ['leader', 'follower'],
  uniqueRoles: ['leader'],
  epochOf: (view) => (typeof view['term'] === 'number' ? view['term'] : 0),
  createServer: (_id, setup) => new LeaderNode(configOf(LEADER_DEFAULTS, setup.config)),
  createClient: () => new IdleClient(),
};

// ---------------------------------------------------------------- thrower

export type ThrowSite = 'start' | 'receive' | 'timer' | 'invoke' | 'create' | 'inspect' | 'messageBytes' | 'none';

export interface ThrowerConfig {
  /** Where the chosen node throws. */
  site: ThrowSite;
  node: NodeId;
  /** receive/timer/invoke/inspect/messageBytes: throw only from this true-ish local time on. */
  fromUs: number;
  /** Throw a string instead of an Error. */
  throwString: boolean;
  message: string;
}

const THROWER_DEFAULTS: ThrowerConfig = {
  site: 'none',
  node: 'n2',
  fromUs: 0,
  throwString: false,
  message: 'boom',
};

function raise(config: ThrowerConfig): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  if (config.throwString) throw config.message;
  throw new Error(config.message);
}

interface ThrowerMsg {
  readonly type: 'hello';
}

class ThrowerServer implements ServerNode<ThrowerMsg> {
  private now = 0;
  constructor(
    private readonly id: NodeId,
    private readonly config: ThrowerConfig,
  ) {}
  private armed(site: ThrowSite): boolean {
    return this.config.site === site && this.config.node === this.id && this.now >= this.config.fromUs;
  }
  start(ctx: Context<ThrowerMsg>): void {
    this.now = ctx.now();
    if (this.armed('start')) raise(this.config);
    ctx.setTimer(1_000, 'tick');
  }
  receive(ctx: Context<ThrowerMsg>): void {
    this.now = ctx.now();
    if (this.armed('receive')) raise(this.config);
  }
  timer(ctx: Context<ThrowerMsg>): void {
    this.now = ctx.now();
    if (this.armed('timer')) raise(this.config);
    for (const peer of ctx.peers) ctx.send(peer, { type: 'hello' });
    ctx.setTimer(1_000, 'tick');
  }
  inspect() {
    if (this.armed('inspect')) raise(this.config);
    return { role: 'server' };
  }
}

class ThrowerClient implements ClientNode<ThrowerMsg> {
  constructor(
    private readonly id: NodeId,
    private readonly config: ThrowerConfig,
  ) {}
  start(): void {}
  receive(): void {}
  timer(): void {}
  invoke(ctx: ClientContext<ThrowerMsg>, op: ClientOp): void {
    if (this.config.site === 'invoke' && this.config.node === this.id && ctx.now() >= this.config.fromUs) {
      raise(this.config);
    }
    ctx.complete(op.id, { type: 'ok', value: null });
  }
  abandon(): void {}
  inspect() {
    return { role: 'client' };
  }
}

/** Throws from the handler (or hook) named by config.site on config.node. */
export const throwerProtocol: AnyProtocol = {
  ...base('test-thrower'),
  roles: ['server'],
  createServer: (id, setup) => {
    const config = configOf(THROWER_DEFAULTS, setup.config);
    if (config.site === 'create' && config.node === id) raise(config);
    return new ThrowerServer(id, config);
  },
  createClient: (id, setup) => new ThrowerClient(id, configOf(THROWER_DEFAULTS, setup.config)),
};

/** A thrower whose messageBytes throws once the scenario asks for it (config.site 'messageBytes'). */
export function throwingMessageBytes(config: Partial<ThrowerConfig>): AnyProtocol {
  const full = configOf(THROWER_DEFAULTS, config);
  return {
    ...throwerProtocol,
    messageBytes: () => raise(full),
  };
}

// ---------------------------------------------------------------- lazysync

export type LazyMsg =
  | { readonly type: 'write'; readonly op: number; readonly value: unknown }
  | { readonly type: 'read'; readonly op: number }
  | { readonly type: 'reply'; readonly op: number; readonly value: unknown };

export interface LazySyncConfig {
  /** How long after a write the server syncs (local time); 0: never. */
  syncAfterUs: number;
}

class LazySyncServer implements ServerNode<LazyMsg> {
  value: unknown = null;
  constructor(private readonly config: LazySyncConfig) {}
  start(ctx: Context<LazyMsg>): void {
    this.value = ctx.disk.get('value') ?? null;
    ctx.log('boot', { value: this.value as never, dirty: ctx.disk.dirty });
  }
  receive(ctx: Context<LazyMsg>, from: NodeId, msg: LazyMsg): void {
    if (msg.type === 'write') {
      this.value = msg.value;
      ctx.disk.put('value', msg.value);
      ctx.send(from, { type: 'reply', op: msg.op, value: msg.value }); // held until the sync
      if (this.config.syncAfterUs > 0) ctx.setTimer(this.config.syncAfterUs, 'sync');
    } else if (msg.type === 'read') {
      ctx.send(from, { type: 'reply', op: msg.op, value: this.value });
    }
  }
  timer(ctx: Context<LazyMsg>): void {
    ctx.disk.sync();
    ctx.log('synced', {});
  }
  inspect() {
    return { role: 'server', value: this.value };
  }
}


/** Replies to a write before syncing it; syncs `syncAfterUs` later (persist-before-send holds the reply). */
export const lazySyncProtocol: AnyProtocol = {
  ...base('test-lazysync'),
  createServer: (_id, setup) => new LazySyncServer(configOf({ syncAfterUs: 0 }, setup.config)),
  createClient: () => new RegisterClient(),
};

// ---------------------------------------------------------------- bootonce

export interface BootOnceConfig {
  /** At first boot only: a one-shot timer this long (local time). */
  firstBootTimerUs: number;
}

class BootOnceServer implements ServerNode<Message> {
  start(ctx: Context<Message>): void {
    const boots = (ctx.disk.get<number>('boots') ?? 0) + 1;
    ctx.disk.put('boots', boots);
    ctx.disk.sync();
    ctx.log('boot', { boots });
    if (boots === 1) ctx.setTimer(this.config.firstBootTimerUs, 'first-boot');
  }
  constructor(private readonly config: BootOnceConfig) {}
  receive(): void {}
  timer(ctx: Context<Message>, name: string): void {
    ctx.log('fired', { name });
  }
  inspect() {
    return { role: 'server' };
  }
}

export const bootOnceProtocol: AnyProtocol = {
  ...base('test-bootonce'),
  createServer: (_id, setup) => new BootOnceServer(configOf({ firstBootTimerUs: 100_000 }, setup.config)),
  createClient: () => new IdleClient(),
};

// ---------------------------------------------------------------- probe client

interface ProbeMsg {
  readonly type: 'req' | 'rep';
  readonly op: number;
}

export interface ProbeConfig {
  /** The server answers after this long (local time); 0: never answers. */
  replyAfterUs: number;
}

class ProbeServer implements ServerNode<ProbeMsg> {
  private readonly pending = new Map<number, { from: NodeId; op: number }>();
  constructor(private readonly config: ProbeConfig) {}
  start(): void {}
  receive(ctx: Context<ProbeMsg>, from: NodeId, msg: ProbeMsg): void {
    if (msg.type !== 'req' || this.config.replyAfterUs === 0) return;
    const timer = ctx.setTimer(this.config.replyAfterUs, 'reply');
    this.pending.set(timer, { from, op: msg.op });
  }
  timer(ctx: Context<ProbeMsg>, _name: string, id: number): void {
    const p = this.pending.get(id);
    if (p === undefined) return;
    this.pending.delete(id);
    ctx.send(p.from, { type: 'rep', op: p.op });
  }
  inspect() {
    return { role: 'server' };
  }
}

/** Logs `invoke`, `abandon` and `complete` with op ids, so tests see exactly what the kernel asked. */
class ProbeClient implements ClientNode<ProbeMsg> {
  private current: number | null = null;
  start(ctx: ClientContext<ProbeMsg>): void {
    ctx.log('client-start', {});
  }
  invoke(ctx: ClientContext<ProbeMsg>, op: ClientOp): void {
    ctx.log('client-invoke', { op: op.id, open: this.current });
    this.current = op.id;
    ctx.send(ctx.servers[0]!, { type: 'req', op: op.id });
  }
  receive(ctx: ClientContext<ProbeMsg>, _from: NodeId, msg: ProbeMsg): void {
    if (msg.type === 'rep' && msg.op === this.current) {
      ctx.complete(msg.op, { type: 'ok', value: null });
      this.current = null;
    }
  }
  timer(): void {}
  abandon(ctx: ClientContext<ProbeMsg>, opId: number): void {
    ctx.log('client-abandon', { op: opId, open: this.current });
    if (this.current === opId) this.current = null;
  }
  inspect() {
    return { role: 'client', open: this.current };
  }
}

export const probeProtocol: AnyProtocol = {
  ...base('test-probe'),
  createServer: (_id, setup) => new ProbeServer(configOf({ replyAfterUs: 1_000 }, setup.config)),
  createClient: () => new ProbeClient(),
};

// ---------------------------------------------------------------- instances

/** Wrap a protocol so a test can see every node object it created, by id, oldest first. */
export function withInstances(protocol: AnyProtocol): {
  protocol: AnyProtocol;
  instances: Map<NodeId, unknown[]>;
} {
  const instances = new Map<NodeId, unknown[]>();
  const note = <T>(id: NodeId, node: T): T => {
    const list = instances.get(id) ?? [];
    list.push(node);
    instances.set(id, list);
    return node;
  };
  return {
    instances,
    protocol: {
      ...protocol,
      createServer: (id, setup) => note(id, protocol.createServer(id, setup)),
      createClient: (id, setup) => note(id, protocol.createClient(id, setup)),
    },
  };
}
