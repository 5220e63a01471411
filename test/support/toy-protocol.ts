// A toy protocol that exercises the kernel's seams, kept small on purpose. One lock server
// (the first server) hands out fencing tokens and guards a register. Each client runs a
// program, supplied by the protocol's own op generator: acquire (ok returns a structured
// result, `{token}`), write a fresh value, read it back, release (with the token the
// acquire returned). Lock ops form the `main` history (model `lock`); the register's reads
// and writes form the `resource` history (model `register`).
//
// Other kernel tests extend this file with further cases; keep each case's code apart.
import { z } from 'zod';
import type { OpGenerator, WorkloadClient, WorkloadOp, WorkloadOutcome } from '../../sim/types.js';
import type { Protocol } from '../../sim/protocol.js';
import type { ClientContext, ClientNode, ClientOp, Context, NodeId, ServerNode } from '../../sim/types.js';

export type ToyMsg =
  | { type: 'acquire'; op: number }
  | { type: 'release'; op: number; token: number }
  | { type: 'write'; op: number; token: number; value: unknown }
  | { type: 'read'; op: number }
  | { type: 'reply'; op: number; ok: boolean; value: unknown };

const configSchema = z.object({
  /** Bug switch: the server ignores fencing tokens on writes. */
  ignoreTokens: z.boolean().default(false),
  /** Bug switch: every third write is acknowledged but not applied (a lost write). */
  loseWrites: z.boolean().default(false),
});
type Config = z.output<typeof configSchema>;

/** The lock server: a holder's token and a register written only under the current token. */
class ToyServer implements ServerNode<ToyMsg> {
  private token = 0;
  private held = false;
  private value: unknown = null;
  private writes = 0;
  constructor(private readonly config: Config) {}
  start(): void {}
  receive(ctx: Context<ToyMsg>, from: NodeId, msg: ToyMsg): void {
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
      case 'write':
        if (!this.config.ignoreTokens && (!this.held || msg.token !== this.token)) return reply(false, null);
        this.writes += 1;
        if (!(this.config.loseWrites && this.writes % 3 === 0)) this.value = msg.value;
        return reply(true, null);
      case 'read':
        return reply(true, this.value);
    }
  }
  timer(): void {}
  inspect() {
    return { role: 'lock-server', token: this.token, held: this.held };
  }
}

/** A client: one op at a time to the lock server; it keeps the token of its last acquire. */
class ToyClient implements ClientNode<ToyMsg> {
  private op: ClientOp | null = null;
  private token = 0;
  start(): void {}
  invoke(ctx: ClientContext<ToyMsg>, op: ClientOp): void {
    this.op = op;
    const server = ctx.servers[0]!;
    if (op.f === 'acquire') ctx.send(server, { type: 'acquire', op: op.id });
    else if (op.f === 'release') ctx.send(server, { type: 'release', op: op.id, token: op.value as number });
    else if (op.f === 'write') ctx.send(server, { type: 'write', op: op.id, token: this.token, value: op.value });
    else ctx.send(server, { type: 'read', op: op.id });
  }
  receive(ctx: ClientContext<ToyMsg>, from: NodeId, msg: ToyMsg): void {
    const op = this.op;
    if (msg.type !== 'reply' || op === null || msg.op !== op.id) return;
    this.op = null;
    if (!msg.ok) return ctx.complete(op.id, { type: 'fail', error: 'refused', server: from });
    if (op.f === 'acquire') this.token = (msg.value as { token: number }).token;
    ctx.complete(op.id, op.f === 'write' || op.f === 'release' ? { type: 'ok', server: from } : { type: 'ok', value: msg.value, server: from });
  }
  timer(): void {}
  abandon(): void {
    this.op = null;
  }
  inspect() {
    return { role: 'client', token: this.token };
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
      switch (state.step) {
        case 0:
          return { f: 'acquire', key: null, value: null };
        case 1:
          return { f: 'write', key: null, value: nextValue++, history: 'resource' };
        case 2:
          return { f: 'read', key: null, value: null, history: 'resource' };
        default:
          return { f: 'release', key: null, value: state.token };
      }
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
  description: 'a lock server with fencing tokens guarding a register (kernel seam tests)',
  configSchema: configSchema as unknown as z.ZodType<Config>,
  variants: {
    'ignore-tokens': 'the server accepts writes without the current token',
    'lose-writes': 'every third write is acknowledged but not applied',
  },
  model: 'lock',
  histories: { resource: { model: 'register', description: "the guarded register's reads and writes" } },
  operations: ['acquire', 'release', 'write', 'read'],
  roles: ['lock-server'],
  workloads: { default: () => lockProgram() },
  createServer: (_id, setup) =>
    new ToyServer({
      ignoreTokens: setup.config.ignoreTokens || setup.variant === 'ignore-tokens',
      loseWrites: setup.config.loseWrites || setup.variant === 'lose-writes',
    }),
  createClient: () => new ToyClient(),
  invariants: [],
  messageBytes: () => 32,
};
