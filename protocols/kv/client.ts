// A generic client process for leader-based kv stores. It turns a ClientOp into requests:
// try a server, follow the leader hint of a redirect, and on a timeout or a redirect
// without a hint back off (exponential, jittered from ctx.random()) and try the next
// server, until the op completes or the kernel abandons it. Every attempt of one op
// carries the same (client, seq), so servers with sessions apply it exactly once.
//
// The wire format is the protocol's business: an adapter builds the request and reads a
// reply. `standardKvAdapter` speaks protocols/kv/messages.ts.
import type {
  ClientContext,
  ClientNode,
  ClientOp,
  Message,
  Micros,
  NodeId,
  NodeView,
  TimerId,
} from '../../sim/types.js';
import { isKvOperation, type KvCommand, type KvValue } from './commands.js';
import type { KvMessage } from './messages.js';

export interface KvClientOptions {
  /** How long one attempt waits for a reply before trying elsewhere. */
  readonly requestTimeoutUs: Micros;
  /** Backoff before a retry: starts at min, doubles per retry, capped at max; jittered. */
  readonly backoffMinUs: Micros;
  readonly backoffMaxUs: Micros;
  /**
   * Leaderless stores (any server coordinates): send each op to the next server in turn
   * instead of returning to the one that answered last, and never send a write again
   * once an attempt timed out or was handed back: such stores keep no sessions, so a
   * re-sent write would be a second write (it could land after a later write by someone
   * else). The op ends as info (unknown) at once. Default false.
   */
  readonly leaderless?: boolean;
}

/** A server's reply as the client understands it. (client, seq) names the command it answers. */
export type KvReplyView = { readonly client: string; readonly seq: number } & (
  | { readonly kind: 'ok'; readonly value?: KvValue }
  | { readonly kind: 'fail'; readonly error: string }
  | { readonly kind: 'redirect'; readonly leader: NodeId | null; readonly members?: readonly NodeId[] }
);

/** How a protocol's messages carry kv requests and replies. */
export interface KvClientAdapter<M extends Message> {
  request(command: KvCommand): M;
  /** Read a message from a server: null when it is not a kv reply. */
  reply(msg: M): KvReplyView | null;
}

/** The adapter for protocols/kv/messages.ts, usable in any message union that includes them. */
export function standardKvAdapter<M extends Message>(): KvClientAdapter<M | KvMessage> {
  return {
    request: (command) => ({ type: 'kv-request', command }),
    reply: (msg) => {
      if (msg.type !== 'kv-reply') return null;
      const reply = msg as KvMessage & { type: 'kv-reply' };
      switch (reply.outcome) {
        case 'ok':
          return { kind: 'ok', client: reply.client, seq: reply.seq, value: reply.value };
        case 'fail':
          return { kind: 'fail', client: reply.client, seq: reply.seq, error: reply.error ?? 'rejected' };
        case 'redirect':
          return reply.members === undefined
            ? { kind: 'redirect', client: reply.client, seq: reply.seq, leader: reply.leader ?? null }
            : { kind: 'redirect', client: reply.client, seq: reply.seq, leader: reply.leader ?? null, members: reply.members };
      }
    },
  };
}

/** Disk key where a client counts its incarnations, so a restarted client gets a fresh session. */
export const INCARNATION_KEY = 'kv-client/incarnation';
const TIMER_REQUEST = 'request-timeout';
const TIMER_BACKOFF = 'backoff';
/** Exponent cap so 2^n never overflows the backoff arithmetic. */
const BACKOFF_DOUBLINGS_MAX = 20;

/**
 * The wait before retry number `retries` (0 for the first): starts at min, doubles per
 * retry, capped at max, with "equal jitter" (half fixed, half random from `random` in
 * [0, 1)) so the retries of many clients spread out. Any client with retries uses it.
 */
export function retryBackoffUs(
  retries: number,
  options: Pick<KvClientOptions, 'backoffMinUs' | 'backoffMaxUs'>,
  random: number,
): Micros {
  const doublings = Math.min(retries, BACKOFF_DOUBLINGS_MAX);
  const ceilingUs = Math.min(options.backoffMaxUs, options.backoffMinUs * 2 ** doublings);
  return Math.round(ceilingUs / 2 + (random * ceilingUs) / 2);
}

interface OpInProgress {
  readonly opId: number;
  readonly command: KvCommand;
  /** Server of the latest attempt, and whether it is still awaited. */
  target: NodeId;
  awaiting: boolean;
  retries: number;
  redirectsInRow: number;
}

export class KvClient<M extends Message> implements ClientNode<M> {
  private session = '';
  private seq = 0;
  private op: OpInProgress | null = null;
  private leaderHint: NodeId | null = null;
  /** Servers learned from a redirect (membership changed); null: the initial members. */
  private servers: readonly NodeId[] | null = null;
  private cursor = 0;
  private timerId: TimerId | null = null;

  constructor(
    private readonly options: KvClientOptions,
    private readonly adapter: KvClientAdapter<M>,
  ) {
    if (!(options.requestTimeoutUs > 0)) throw new Error('kv client: requestTimeoutUs must be > 0');
    if (!(options.backoffMinUs > 0) || options.backoffMaxUs < options.backoffMinUs) {
      throw new Error('kv client: need 0 < backoffMinUs <= backoffMaxUs');
    }
  }

  start(ctx: ClientContext<M>): void {
    const incarnation = (ctx.disk.get<number>(INCARNATION_KEY) ?? 0) + 1;
    ctx.disk.put(INCARNATION_KEY, incarnation);
    ctx.disk.sync();
    this.session = `${ctx.id}.${incarnation}`;
    this.cursor = Math.floor(ctx.random() * Math.max(1, ctx.servers.length));
  }

  invoke(ctx: ClientContext<M>, op: ClientOp): void {
    this.stop(ctx);
    if (!isKvOperation(op.f)) {
      ctx.complete(op.id, { type: 'fail', error: `unsupported operation ${op.f}` });
      return;
    }
    if (ctx.servers.length === 0) throw new Error('kv client: no servers to talk to');
    this.seq += 1;
    const command: KvCommand = {
      f: op.f,
      key: op.key ?? '',
      value: op.f === 'get' ? null : op.value,
      client: this.session,
      seq: this.seq,
    };
    this.op = { opId: op.id, command, target: '', awaiting: false, retries: 0, redirectsInRow: 0 };
    this.sendAttempt(ctx);
  }

  receive(ctx: ClientContext<M>, from: NodeId, msg: M): void {
    const reply = this.adapter.reply(msg);
    const op = this.op;
    if (reply === null || op === null || reply.seq !== op.command.seq || reply.client !== this.session) return;
    switch (reply.kind) {
      case 'ok':
        if (this.options.leaderless !== true) this.leaderHint = from;
        this.finish(ctx, op.opId, op.command.f === 'get' ? { type: 'ok', value: reply.value ?? null, server: from } : { type: 'ok', server: from });
        return;
      case 'fail':
        this.finish(ctx, op.opId, { type: 'fail', error: reply.error, server: from });
        return;
      case 'redirect':
        // Only the attempt we are waiting on may move us; a late redirect is old news.
        if (!op.awaiting || from !== op.target) return;
        op.awaiting = false;
        this.cancelTimer(ctx);
        if (reply.members !== undefined && reply.members.length > 0) this.servers = reply.members;
        if (reply.leader !== null && reply.leader !== from && op.redirectsInRow < this.serversOf(ctx).length) {
          op.redirectsInRow += 1;
          this.leaderHint = reply.leader;
          this.sendAttempt(ctx);
        } else {
          this.leaderHint = null;
          this.backOff(ctx);
        }
        return;
    }
  }

  timer(ctx: ClientContext<M>, name: string, id: TimerId): void {
    if (id !== this.timerId || this.op === null) return;
    this.timerId = null;
    if (name === TIMER_REQUEST) {
      this.op.awaiting = false;
      this.leaderHint = null;
      this.backOff(ctx);
    } else if (name === TIMER_BACKOFF) {
      this.sendAttempt(ctx);
    }
  }

  abandon(ctx: ClientContext<M>, opId: number): void {
    if (this.op !== null && this.op.opId === opId) this.stop(ctx);
  }

  inspect(): NodeView {
    return {
      role: 'client',
      session: this.session,
      seq: this.seq,
      op: this.op === null ? null : this.op.opId,
      leaderHint: this.leaderHint,
    };
  }

  private sendAttempt(ctx: ClientContext<M>): void {
    const op = this.op!;
    const target = this.leaderHint ?? this.nextServer(ctx);
    op.target = target;
    op.awaiting = true;
    ctx.send(target, this.adapter.request(op.command));
    this.timerId = ctx.setTimer(this.options.requestTimeoutUs, TIMER_REQUEST);
  }

  private backOff(ctx: ClientContext<M>): void {
    const op = this.op!;
    if (this.options.leaderless === true && op.command.f !== 'get') {
      // Not re-sent (see `leaderless`): whether it took effect is unknown, and the client moves on.
      this.finish(ctx, op.opId, { type: 'info', error: 'no quorum in time; not re-sent' });
      return;
    }
    op.redirectsInRow = 0;
    const delayUs = retryBackoffUs(op.retries, this.options, ctx.random());
    op.retries += 1;
    this.timerId = ctx.setTimer(delayUs, TIMER_BACKOFF);
  }

  /** The servers to try: the latest configuration a server told us of, else the initial members. */
  private serversOf(ctx: ClientContext<M>): readonly NodeId[] {
    return this.servers ?? ctx.servers;
  }

  private nextServer(ctx: ClientContext<M>): NodeId {
    const servers = this.serversOf(ctx);
    const server = servers[this.cursor % servers.length]!;
    this.cursor = (this.cursor + 1) % servers.length;
    return server;
  }

  private finish(ctx: ClientContext<M>, opId: number, result: Parameters<ClientContext<M>['complete']>[1]): void {
    this.stop(ctx);
    ctx.complete(opId, result);
  }

  private stop(ctx: ClientContext<M>): void {
    this.cancelTimer(ctx);
    this.op = null;
  }

  private cancelTimer(ctx: ClientContext<M>): void {
    if (this.timerId !== null) {
      ctx.cancelTimer(this.timerId);
      this.timerId = null;
    }
  }
}

export function createKvClient<M extends Message>(
  options: KvClientOptions,
  adapter: KvClientAdapter<M>,
): KvClient<M> {
  return new KvClient(options, adapter);
}
