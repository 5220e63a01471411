// A deliberately small protocol for kernel tests: one register held by every server;
// clients talk to the first server that answers. Writes are stored on disk and synced
// before the reply (unless `sync: false`), so crash and persistence tests have
// something to look at.
import { z } from 'zod';
import type { Protocol } from '../../sim/protocol.js';
import type { ClientContext, ClientNode, ClientOp, Context, ServerNode } from '../../sim/types.js';

export type RegisterMsg =
  | { type: 'read'; op: number }
  | { type: 'write'; op: number; value: unknown }
  | { type: 'reply'; op: number; value: unknown }
  | { type: 'tick' };

const configSchema = z.object({ sync: z.boolean().default(true), tickMs: z.number().default(0) });
type Config = z.output<typeof configSchema>;

class RegisterServer implements ServerNode<RegisterMsg> {
  value: unknown = null;
  ticks = 0;
  constructor(private readonly config: Config) {}
  start(ctx: Context<RegisterMsg>): void {
    this.value = ctx.disk.get('value') ?? null;
    if (this.config.tickMs > 0) ctx.setTimer(this.config.tickMs * 1000, 'tick');
  }
  receive(ctx: Context<RegisterMsg>, from: string, msg: RegisterMsg): void {
    if (msg.type === 'write') {
      this.value = msg.value;
      ctx.disk.put('value', msg.value);
      if (this.config.sync) ctx.disk.sync();
      ctx.send(from, { type: 'reply', op: msg.op, value: msg.value });
    } else if (msg.type === 'read') {
      ctx.send(from, { type: 'reply', op: msg.op, value: this.value });
    }
  }
  timer(ctx: Context<RegisterMsg>, name: string): void {
    this.ticks++;
    ctx.log('tick', { n: this.ticks, local: ctx.now() });
    ctx.setTimer(this.config.tickMs * 1000, name);
  }
  inspect() {
    return { role: 'server', value: this.value, ticks: this.ticks };
  }
}

/** A client that sends each op to the first server and waits for its reply: one op at a time. */
export class RegisterClient implements ClientNode<RegisterMsg> {
  private op: ClientOp | null = null;
  start(): void {}
  invoke(ctx: ClientContext<RegisterMsg>, op: ClientOp): void {
    this.op = op;
    const server = ctx.servers[0]!;
    if (op.f === 'read') ctx.send(server, { type: 'read', op: op.id });
    else ctx.send(server, { type: 'write', op: op.id, value: op.value });
  }
  receive(ctx: ClientContext<RegisterMsg>, _from: string, msg: RegisterMsg): void {
    if (msg.type === 'reply' && this.op !== null && msg.op === this.op.id) {
      ctx.complete(msg.op, { type: 'ok', value: msg.value });
      this.op = null;
    }
  }
  timer(): void {}
  abandon(): void {
    this.op = null;
  }
  inspect() {
    return { role: 'client' };
  }
}

export const registerProtocol: Protocol<Config, RegisterMsg> = {
  name: 'test-register',
  description: 'a single-server register for kernel tests',
  configSchema: configSchema as unknown as z.ZodType<Config>,
  variants: {},
  model: 'register',
  operations: ['read', 'write'],
  roles: ['server'],
  createServer: (_id, setup) => new RegisterServer(setup.config),
  createClient: () => new RegisterClient(),
  invariants: [],
  messageBytes: () => 32,
};
