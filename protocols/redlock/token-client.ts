// Fetching a fencing token: the client's embedded kv client (protocols/kv/client.ts, the
// one Raft's clients use) talks to the counter group, reads the counter and sets it one
// higher by compare-and-set, retrying on a mismatch. The embedded client sees a context
// whose servers are the counter group and whose `complete` comes back here.
import { embeddedContext } from '../../sim/embedded-context.js';
import type { ClientContext, ClientOp, NodeId, OpResult, TimerId } from '../../sim/types.js';
import { createKvClient, standardKvAdapter, type KvClient } from '../kv/client.js';
import { FENCE_KEY, type RedlockConfig } from './config.js';
import type { RedlockMessage } from './messages.js';

type Ctx = ClientContext<RedlockMessage>;

/** Ids of the embedded kv client's ops: negative, so they never meet the kernel's. */
const GET_OP = -1;
const CAS_OP = -2;

export class TokenClient {
  private readonly kv: KvClient<RedlockMessage>;
  private seen: number | null = null;
  private done: ((token: number | null) => void) | null = null;
  /** The outer context and the embedded client's view of it, built once per outer context (the kernel keeps one per node). */
  private outer: Ctx | null = null;
  private inner: Ctx | null = null;

  constructor(
    config: RedlockConfig,
    private readonly counter: readonly NodeId[],
  ) {
    this.kv = createKvClient(
      { requestTimeoutUs: config.requestTimeout, backoffMinUs: config.retryDelay.minUs, backoffMaxUs: config.retryDelay.maxUs },
      standardKvAdapter<RedlockMessage>(),
    );
  }

  start(ctx: Ctx): void {
    this.kv.start(this.sub(ctx));
  }

  /** Fetch the next token; `done(token)` is called with it. Replaces a fetch in progress. */
  fetch(ctx: Ctx, done: (token: number | null) => void): void {
    this.done = done;
    this.kv.invoke(this.sub(ctx), { id: GET_OP, f: 'get', key: FENCE_KEY, value: null });
  }

  /** Stop a fetch in progress (the acquire was abandoned). */
  stop(ctx: Ctx): void {
    this.done = null;
    this.kv.abandon(this.sub(ctx), GET_OP);
    this.kv.abandon(this.sub(ctx), CAS_OP);
  }

  receive(ctx: Ctx, from: NodeId, msg: RedlockMessage): void {
    this.kv.receive(this.sub(ctx), from, msg);
  }

  timer(ctx: Ctx, name: string, id: TimerId): void {
    this.kv.timer(this.sub(ctx), name, id);
  }

  private completed(ctx: Ctx, opId: number, result: OpResult): void {
    if (this.done === null) return;
    if (opId === GET_OP) {
      if (result.type !== 'ok') return this.finish(null);
      this.seen = typeof result.value === 'number' ? result.value : 0;
      const op: ClientOp = { id: CAS_OP, f: 'cas', key: FENCE_KEY, value: [this.seen === 0 ? null : this.seen, this.seen + 1] };
      return this.kv.invoke(this.sub(ctx), op);
    }
    if (result.type === 'ok') return this.finish(this.seen! + 1);
    if (result.type === 'fail') return this.kv.invoke(this.sub(ctx), { id: GET_OP, f: 'get', key: FENCE_KEY, value: null }); // raced: again
    this.finish(null);
  }

  private finish(token: number | null): void {
    const done = this.done!;
    this.done = null;
    done(token);
  }

  /** The outer context, seen as a client of the counter group. */
  private sub(ctx: Ctx): Ctx {
    if (ctx !== this.outer) {
      this.outer = ctx;
      this.inner = embeddedContext(ctx, this.counter, (opId, result) => this.completed(ctx, opId, result));
    }
    return this.inner!;
  }
}
