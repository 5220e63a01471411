// A busy protocol for determinism tests: it uses every part of the node API (random
// timers, sends to random peers, disk writes with and without sync, cancelled timers,
// protocol log events, a `leader` role) so that any nondeterminism in the kernel shows
// up in the trace hash. It is not meant to be correct, only deterministic.
import type { AnyProtocol } from '../../sim/protocol.js';
import type { ClientContext, ClientNode, ClientOp, Context, NodeId, ServerNode } from '../../sim/types.js';

type GossipMsg =
  | { readonly type: 'heartbeat'; readonly term: number }
  | { readonly type: 'rumor'; readonly n: number; readonly hops: number }
  | { readonly type: 'request'; readonly op: number; readonly f: string; readonly value: unknown }
  | { readonly type: 'response'; readonly op: number; readonly value: unknown };

const pick = <T>(ctx: Context<GossipMsg>, items: readonly T[]): T => items[Math.floor(ctx.random() * items.length)]!;

class GossipServer implements ServerNode<GossipMsg> {
  private role: 'leader' | 'follower' = 'follower';
  private term = 0;
  private value: unknown = null;
  private rumors = 0;
  private electionTimer = -1;

  start(ctx: Context<GossipMsg>): void {
    this.term = ctx.disk.get<number>('term') ?? 0;
    this.value = ctx.disk.get('value') ?? null;
    this.armElection(ctx);
    ctx.setTimer(1_000 + Math.floor(ctx.random() * 4_000), 'gossip');
  }

  private armElection(ctx: Context<GossipMsg>): void {
    if (this.electionTimer >= 0) ctx.cancelTimer(this.electionTimer);
    this.electionTimer = ctx.setTimer(15_000 + Math.floor(ctx.random() * 15_000), 'election');
  }

  receive(ctx: Context<GossipMsg>, from: NodeId, msg: GossipMsg): void {
    switch (msg.type) {
      case 'heartbeat':
        if (msg.term >= this.term) {
          if (msg.term > this.term) {
            this.term = msg.term;
            ctx.disk.put('term', this.term);
            if (ctx.random() < 0.7) ctx.disk.sync();
          }
          if (this.role === 'leader' && from !== ctx.id) ctx.log('stepped-down', { term: this.term, to: from });
          this.role = 'follower';
          this.armElection(ctx);
        }
        break;
      case 'rumor':
        this.rumors++;
        if (msg.hops > 0 && ctx.peers.length > 0) ctx.send(pick(ctx, ctx.peers), { type: 'rumor', n: msg.n, hops: msg.hops - 1 });
        break;
      case 'request':
        if (msg.f === 'write') {
          this.value = msg.value;
          ctx.disk.put('value', msg.value);
          ctx.send(from, { type: 'response', op: msg.op, value: msg.value }); // held until a sync
          if (ctx.random() < 0.8) ctx.disk.sync();
        } else {
          ctx.send(from, { type: 'response', op: msg.op, value: this.value });
        }
        break;
      case 'response':
        break;
    }
  }

  timer(ctx: Context<GossipMsg>, name: string): void {
    if (name === 'election') {
      this.electionTimer = -1;
      this.term++;
      ctx.disk.put('term', this.term);
      ctx.disk.sync();
      this.role = 'leader';
      ctx.log('became-leader', { term: this.term, local: ctx.now() });
      ctx.setTimer(5_000, 'heartbeat');
    } else if (name === 'heartbeat') {
      if (this.role !== 'leader') return;
      for (const peer of ctx.peers) ctx.send(peer, { type: 'heartbeat', term: this.term });
      ctx.setTimer(5_000, 'heartbeat');
    } else if (name === 'gossip') {
      if (ctx.peers.length > 0) ctx.send(pick(ctx, ctx.peers), { type: 'rumor', n: this.rumors, hops: 3 });
      if (ctx.disk.dirty && ctx.random() < 0.5) ctx.disk.sync();
      ctx.setTimer(1_000 + Math.floor(ctx.random() * 4_000), 'gossip');
    }
  }

  inspect() {
    return { role: this.role, term: this.term, value: this.value, rumors: this.rumors };
  }
}

class GossipClient implements ClientNode<GossipMsg> {
  private op: ClientOp | null = null;
  private retry = -1;

  start(): void {}

  invoke(ctx: ClientContext<GossipMsg>, op: ClientOp): void {
    this.op = op;
    this.attempt(ctx);
  }

  private attempt(ctx: ClientContext<GossipMsg>): void {
    const op = this.op!;
    ctx.send(pick(ctx, ctx.servers), { type: 'request', op: op.id, f: op.f, value: op.value });
    this.retry = ctx.setTimer(8_000 + Math.floor(ctx.random() * 4_000), 'retry');
  }

  receive(ctx: ClientContext<GossipMsg>, _from: NodeId, msg: GossipMsg): void {
    if (msg.type !== 'response' || this.op === null || msg.op !== this.op.id) return;
    ctx.cancelTimer(this.retry);
    // Now and then a server "refuses": the op definitely did not happen.
    const result = ctx.random() < 0.05 ? ({ type: 'fail', error: 'refused' } as const) : ({ type: 'ok', value: msg.value } as const);
    ctx.complete(msg.op, result);
    this.op = null;
  }

  timer(ctx: ClientContext<GossipMsg>, name: string): void {
    if (name === 'retry' && this.op !== null) this.attempt(ctx);
  }

  abandon(ctx: ClientContext<GossipMsg>, opId: number): void {
    if (this.op?.id === opId) {
      ctx.cancelTimer(this.retry);
      this.op = null;
    }
  }

  inspect() {
    return { role: 'client', busy: this.op !== null };
  }
}

export const gossipProtocol: AnyProtocol = {
  name: 'test-gossip',
  description: 'kernel test protocol: busy, random, deterministic',
  configSchema: undefined as never,
  variants: {},
  model: 'register',
  operations: ['read', 'write'],
  roles: ['leader', 'follower'],
  uniqueRoles: ['leader'],
  epochOf: (view) => (typeof view['term'] === 'number' ? view['term'] : 0),
  createServer: () => new GossipServer(),
  createClient: () => new GossipClient(),
  invariants: [],
  messageBytes: (msg: GossipMsg) => (msg.type === 'rumor' ? 24 : 40),
};
