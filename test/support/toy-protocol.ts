// The toy protocol: one small protocol that proves each of the kernel's seams, kept small on
// purpose. Two node kinds, `store` and `lock` (without services every server is a store);
// every server runs the same code and answers every request, so one server is a whole
// system and a service scenario can split the jobs:
//  - locks with fencing tokens: acquire returns a structured result `{token}`, release
//    takes the token back;
//  - a register on disk: a write is stored, synced, and answered once durable (the reply is
//    held behind the sync; `synced` logs `durable`); a write that carries a token is
//    refused unless it is the current holder's (fencing);
//  - pings, answered by lock servers (config `replyToPing`).
// Clients send lock ops to the first `lock` server and register ops to the first `store`
// server (the first server without services), and hold the role `waiting` while an op is
// open. The protocol's own generator runs a client program: acquire, write, read, release.
// Lock ops are the `main` history (model `lock`), register ops the `resource` history
// (model `register`); with `workload.generator: kv` clients write and read the register only.
import { z } from 'zod';
import type { Protocol } from '../../sim/protocol.js';
import type {
  ClientContext,
  ClientNode,
  ClientOp,
  Context,
  NodeId,
  OpGenerator,
  ServerNode,
  SyncId,
  WorkloadClient,
  WorkloadOp,
  WorkloadOutcome,
} from '../../sim/types.js';

export type ToyMsg =
  | { type: 'acquire'; op: number }
  | { type: 'release'; op: number; token: number }
  | { type: 'write'; op: number; token: number | null; value: unknown }
  | { type: 'read'; op: number }
  | { type: 'reply'; op: number; ok: boolean; value: unknown }
  | { type: 'ping' };

const configSchema = z.strictObject({
  /** Lock servers answer pings. */
  replyToPing: z.boolean().default(true),
  /** Bug switch: writes are accepted without the current token. */
  ignoreTokens: z.boolean().default(false),
  /** Bug switch: every third write is acknowledged but not applied (a lost write). */
  loseWrites: z.boolean().default(false),
});
type Config = z.output<typeof configSchema>;

export const TOY_VARIANTS = {
  'ignore-tokens': 'the server accepts writes without the current token',
  'lose-writes': 'every third write is acknowledged but not applied',
  'ack-before-durable': 'the store replies before the write is durable',
} as const;

interface Flags extends Config {
  readonly ackBeforeDurable: boolean;
}

class ToyServer implements ServerNode<ToyMsg> {
  private token = 0;
  private held = false;
  private writes = 0;
  value: unknown = null;
  readonly durableSyncs: SyncId[] = [];
  constructor(
    private readonly kind: string,
    private readonly flags: Flags,
  ) {}
  start(ctx: Context<ToyMsg>): void {
    this.value = ctx.disk.get('value') ?? null;
  }
  receive(ctx: Context<ToyMsg>, from: NodeId, msg: ToyMsg): void {
    if (msg.type === 'ping') {
      if (this.kind === 'lock' && this.flags.replyToPing) ctx.send(from, { type: 'ping' });
      return;
    }
    if (msg.type === 'reply') return;
    const reply = (ok: boolean, value: unknown) => ctx.send(from, { type: 'reply', op: msg.op, ok, value });
    switch (msg.type) {
      case 'acquire':
        if (this.held) return reply(false, null);
        this.held = true;
        this.token += 1;
        ctx.log('granted', { token: this.token });
        return reply(true, { token: this.token });
      case 'release':
        if (!this.held || msg.token !== this.token) return reply(false, null);
        this.held = false;
        return reply(true, null);
      case 'read':
        return reply(true, this.value);
      case 'write':
        return this.write(ctx, from, msg);
    }
  }
  private write(ctx: Context<ToyMsg>, from: NodeId, msg: Extract<ToyMsg, { type: 'write' }>): void {
    const fenced = msg.token !== null && !this.flags.ignoreTokens && (!this.held || msg.token !== this.token);
    if (fenced) return ctx.send(from, { type: 'reply', op: msg.op, ok: false, value: null });
    this.writes += 1;
    if (!(this.flags.loseWrites && this.writes % 3 === 0)) {
      this.value = msg.value;
      ctx.disk.put('value', msg.value);
    }
    const syncId = ctx.disk.sync();
    ctx.log('stored', { value: msg.value as number, syncId });
    const reply: ToyMsg = { type: 'reply', op: msg.op, ok: true, value: msg.value };
    if (this.flags.ackBeforeDurable) ctx.sendUnsynced(from, reply);
    else ctx.send(from, reply);
  }
  timer(): void {}
  synced(ctx: Context<ToyMsg>, syncId: SyncId): void {
    this.durableSyncs.push(syncId);
    ctx.log('durable', { syncId });
  }
  inspect() {
    return { role: this.kind, token: this.token, held: this.held, value: this.value };
  }
}

/** One op at a time; it keeps the token of its last acquire and sends it with writes. */
class ToyClient implements ClientNode<ToyMsg> {
  private op: ClientOp | null = null;
  private token: number | null = null;
  constructor(
    private readonly lockServer: NodeId,
    private readonly store: NodeId,
  ) {}
  start(): void {}
  invoke(ctx: ClientContext<ToyMsg>, op: ClientOp): void {
    this.op = op;
    if (op.f === 'acquire') ctx.send(this.lockServer, { type: 'acquire', op: op.id });
    else if (op.f === 'release') ctx.send(this.lockServer, { type: 'release', op: op.id, token: op.value as number });
    else if (op.f === 'write') ctx.send(this.store, { type: 'write', op: op.id, token: this.token, value: op.value });
    else ctx.send(this.store, { type: 'read', op: op.id });
  }
  receive(ctx: ClientContext<ToyMsg>, from: NodeId, msg: ToyMsg): void {
    const op = this.op;
    if (msg.type !== 'reply' || op === null || msg.op !== op.id) return;
    this.op = null;
    if (!msg.ok) return ctx.complete(op.id, { type: 'fail', error: 'refused', server: from });
    if (op.f === 'acquire') this.token = (msg.value as { token: number }).token;
    ctx.complete(op.id, op.f === 'release' ? { type: 'ok', server: from } : { type: 'ok', value: msg.value, server: from });
  }
  timer(): void {}
  abandon(): void {
    this.op = null;
  }
  inspect() {
    return { role: 'client', roles: this.op === null ? [] : ['waiting'], token: this.token };
  }
}

/** Where a client is in its program, and the token its last acquire returned. */
interface ProgramState {
  step: number;
  token: number | null;
}

/**
 * The client program: acquire, write, read, release, again. A failed or indeterminate
 * acquire starts over; a failed step after it moves on to the release.
 */
export function lockProgram(): OpGenerator {
  const states = new Map<string, ProgramState>();
  let nextValue = 1;
  const stateOf = (client: WorkloadClient): ProgramState => {
    let state = states.get(client.id);
    if (state === undefined) states.set(client.id, (state = { step: 0, token: null }));
    return state;
  };
  return {
    next(client): WorkloadOp {
      const state = stateOf(client);
      if (state.step === 0) return { f: 'acquire', key: null, value: null };
      if (state.step === 1) return { f: 'write', key: null, value: nextValue++, history: 'resource' };
      if (state.step === 2) return { f: 'read', key: null, value: null, history: 'resource' };
      return { f: 'release', key: null, value: state.token };
    },
    completed(client, op, outcome: WorkloadOutcome): void {
      const state = stateOf(client);
      if (op.f === 'acquire') {
        if (outcome.type !== 'ok') return;
        state.token = (outcome.value as { token: number }).token;
      }
      state.step = op.f === 'release' ? 0 : state.step + 1;
    },
  };
}

export const toyProtocol: Protocol<Config, ToyMsg> = {
  name: 'toy',
  description: 'kernel seams toy: fencing locks and a durable register, on store and lock servers',
  configSchema: configSchema as unknown as z.ZodType<Config>,
  variants: TOY_VARIANTS,
  model: 'lock',
  histories: { resource: { model: 'register', description: "the register's reads and writes" } },
  operations: ['acquire', 'release', 'write', 'read'],
  roles: ['store', 'lock', 'client', 'waiting'],
  kinds: ['store', 'lock'],
  workloads: { default: () => lockProgram() },
  createServer: (_id, setup) =>
    new ToyServer(setup.kind, {
      ...setup.config,
      ignoreTokens: setup.config.ignoreTokens || setup.variant === 'ignore-tokens',
      loseWrites: setup.config.loseWrites || setup.variant === 'lose-writes',
      ackBeforeDurable: setup.variant === 'ack-before-durable',
    }),
  createClient: (_id, setup) =>
    new ToyClient(setup.services['lock']?.[0] ?? setup.servers[0]!, setup.services['store']?.[0] ?? setup.servers[0]!),
  invariants: [],
  events: { stored: { value: 'number', syncId: 'number' }, durable: { syncId: 'number' }, granted: { token: 'number' } },
  messageTypes: ['acquire', 'release', 'write', 'read', 'reply', 'ping'],
  messageBytes: () => 32,
};
