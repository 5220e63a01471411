// The client of single-decree Paxos: any server can propose, so an op (`propose v` on a
// key) goes to one server; if no decision comes back in time, the client backs off
// (protocols/kv's retry backoff) and asks the next server, with the same value, until the
// op completes with the decided value or the kernel abandons it.
import type { ClientContext, ClientNode, ClientOp, NodeId, NodeView, TimerId } from '../../sim/types.js';
import { retryBackoffUs, type KvClientOptions } from '../kv/client.js';
import type { PaxosMessage, Value } from './messages.js';

const TIMER_REQUEST = 'request-timeout';
const TIMER_BACKOFF = 'backoff';

interface Pending {
  readonly opId: number;
  readonly key: string;
  readonly value: Value;
  retries: number;
}

export class PaxosClient implements ClientNode<PaxosMessage> {
  private op: Pending | null = null;
  private cursor = 0;
  private timerId: TimerId | null = null;

  constructor(private readonly options: KvClientOptions) {}

  start(ctx: ClientContext<PaxosMessage>): void {
    this.cursor = Math.floor(ctx.random() * Math.max(1, ctx.servers.length));
  }

  invoke(ctx: ClientContext<PaxosMessage>, op: ClientOp): void {
    this.stop(ctx);
    const value = op.value;
    if (op.f !== 'propose' || op.key === null || (typeof value !== 'number' && typeof value !== 'string')) {
      ctx.complete(op.id, { type: 'fail', error: `unsupported operation ${op.f}` });
      return;
    }
    this.op = { opId: op.id, key: op.key, value, retries: 0 };
    this.sendAttempt(ctx);
  }

  receive(ctx: ClientContext<PaxosMessage>, _from: NodeId, msg: PaxosMessage): void {
    const op = this.op;
    if (msg.type !== 'propose-reply' || op === null || msg.key !== op.key) return;
    this.stop(ctx);
    ctx.complete(op.opId, { type: 'ok', value: msg.decided });
  }

  timer(ctx: ClientContext<PaxosMessage>, name: string, id: TimerId): void {
    const op = this.op;
    if (id !== this.timerId || op === null) return;
    this.timerId = null;
    if (name === TIMER_REQUEST) {
      this.timerId = ctx.setTimer(retryBackoffUs(op.retries++, this.options, ctx.random()), TIMER_BACKOFF);
    } else {
      this.sendAttempt(ctx);
    }
  }

  abandon(ctx: ClientContext<PaxosMessage>, opId: number): void {
    if (this.op !== null && this.op.opId === opId) this.stop(ctx);
  }

  inspect(): NodeView {
    return { role: 'client', op: this.op === null ? null : this.op.opId };
  }

  private sendAttempt(ctx: ClientContext<PaxosMessage>): void {
    const op = this.op!;
    const server = ctx.servers[this.cursor % ctx.servers.length]!;
    this.cursor = (this.cursor + 1) % ctx.servers.length;
    ctx.send(server, { type: 'propose-request', key: op.key, value: op.value });
    this.timerId = ctx.setTimer(this.options.requestTimeoutUs, TIMER_REQUEST);
  }

  private stop(ctx: ClientContext<PaxosMessage>): void {
    if (this.timerId !== null) ctx.cancelTimer(this.timerId);
    this.timerId = null;
    this.op = null;
  }
}
