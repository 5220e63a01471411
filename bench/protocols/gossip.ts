// Bench-only protocol: every server starts `fanout` messages to random peers; whoever
// receives one forwards it to another random peer. The number of messages in flight
// stays at servers * fanout for the whole run, so the scheduler holds a large, steady
// queue (1,000 servers * 100 = 100,000 pending events) with random arrival times.
import { z } from 'zod';
import type { Protocol } from '../../sim/protocol.js';
import type { ClientNode, Context, NodeId, ServerNode } from '../../sim/types.js';

export type GossipMsg = { readonly type: 'rumor'; readonly origin: number; readonly hops: number };

export interface GossipConfig {
  /** Messages each server starts with (the number it keeps in flight on average). */
  readonly fanout: number;
}
const configSchema = z.object({ fanout: z.number().int().min(1).default(100) }) as unknown as z.ZodType<GossipConfig>;

class GossipServer implements ServerNode<GossipMsg> {
  received = 0;
  constructor(private readonly index: number, private readonly fanout: number) {}
  start(ctx: Context<GossipMsg>): void {
    for (let k = 0; k < this.fanout; k++) {
      ctx.send(pickPeer(ctx), { type: 'rumor', origin: this.index, hops: 0 });
    }
  }
  receive(ctx: Context<GossipMsg>, _from: NodeId, msg: GossipMsg): void {
    this.received++;
    ctx.send(pickPeer(ctx), { type: 'rumor', origin: msg.origin, hops: msg.hops + 1 });
  }
  timer(): void {}
  inspect() {
    return { role: 'server', received: this.received };
  }
}

function pickPeer(ctx: Context<GossipMsg>): NodeId {
  const peers = ctx.peers;
  return peers[Math.floor(ctx.random() * peers.length)]!;
}

export const gossipProtocol: Protocol<GossipConfig, GossipMsg> = {
  name: 'bench-gossip',
  description: 'servers forwarding rumors to random peers (kernel benchmark)',
  configSchema,
  variants: {},
  model: 'none',
  operations: [],
  roles: ['server'],
  createServer: (id, setup) => new GossipServer(setup.servers.indexOf(id), setup.config.fanout),
  createClient: (): ClientNode<GossipMsg> => {
    throw new Error('bench-gossip has no clients');
  },
  invariants: [],
  messageBytes: () => 24,
};
