// Bench-only protocol: two servers bounce one message back and forth forever. With a
// constant latency there is exactly one message in flight, so the run measures the
// kernel's fixed cost per event (pop, deliver, handler, send, push) and nothing else.
import { z } from 'zod';
import type { Protocol } from '../../sim/protocol.js';
import type { ClientNode, Context, NodeId, ServerNode } from '../../sim/types.js';

export type PingMsg = { readonly type: 'ping'; readonly n: number };

type Config = Record<string, never>;
const configSchema = z.object({}) as unknown as z.ZodType<Config>;

class PingPongServer implements ServerNode<PingMsg> {
  received = 0;
  constructor(private readonly id: NodeId, private readonly servers: readonly NodeId[]) {}
  start(ctx: Context<PingMsg>): void {
    // The first server serves.
    if (this.id === this.servers[0]) ctx.send(this.servers[1]!, { type: 'ping', n: 0 });
  }
  receive(ctx: Context<PingMsg>, from: NodeId, msg: PingMsg): void {
    this.received++;
    ctx.send(from, { type: 'ping', n: msg.n + 1 });
  }
  timer(): void {}
  inspect() {
    return { role: 'server', received: this.received };
  }
}

export const pingPongProtocol: Protocol<Config, PingMsg> = {
  name: 'bench-ping-pong',
  description: 'two servers bouncing one message (kernel benchmark)',
  configSchema,
  variants: {},
  model: 'none',
  operations: [],
  roles: ['server'],
  createServer: (id, setup) => new PingPongServer(id, setup.servers),
  createClient: (): ClientNode<PingMsg> => {
    throw new Error('bench-ping-pong has no clients');
  },
  invariants: [],
  messageBytes: () => 16,
};
