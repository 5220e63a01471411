// The protected resource: one number that lock holders read, change and write back. With
// fencing it refuses any request whose token is lower than the highest it has seen, reads
// included (a read-modify-write needs its read fenced too: otherwise a stale holder's
// write can land between the new holder's read and write). It logs every token it
// accepts, for the tokens-increasing invariant. Lease election guards its work with it too.
import type { Context, NodeId, ServerNode } from '../../sim/types.js';
import { logRedlock } from './events.js';
import type { StorageMessage } from './messages.js';

type Ctx = Context<StorageMessage>;

const DISK_KEY = 'resource';

export class Storage implements ServerNode<StorageMessage> {
  private value = 0;
  private highestToken = 0;

  /** `checkTokens` false: the resource accepts any token (no fencing, or the unchecked-tokens variant). */
  constructor(private readonly checkTokens: boolean) {}

  start(ctx: Ctx): void {
    const saved = ctx.disk.get<{ value: number; highestToken: number }>(DISK_KEY);
    this.value = saved?.value ?? 0;
    this.highestToken = saved?.highestToken ?? 0;
  }

  receive(ctx: Ctx, from: NodeId, msg: StorageMessage): void {
    if (msg.type === 'storage-reply') return;
    if (this.checkTokens && msg.token < this.highestToken) {
      logRedlock(ctx, 'fenced', { token: msg.token, highest: this.highestToken });
      ctx.send(from, { type: 'storage-reply', request: msg.request, ok: false, value: this.value });
      return;
    }
    this.highestToken = Math.max(this.highestToken, msg.token);
    if (msg.type === 'storage-write') this.value = msg.value;
    logRedlock(ctx, 'accepted', { token: msg.token, write: msg.type === 'storage-write', value: this.value });
    // Durable before the reply: the resource itself is not what this protocol puts at risk.
    ctx.disk.put(DISK_KEY, { value: this.value, highestToken: this.highestToken });
    ctx.disk.sync();
    ctx.send(from, { type: 'storage-reply', request: msg.request, ok: true, value: this.value });
  }

  timer(): void {}

  inspect() {
    return { role: 'storage', value: this.value, highestToken: this.highestToken };
  }
}
