// The replica side of ABD: one tagged value per key, durable (synced before the answer
// leaves, which the kernel enforces), replaced only by a newer timestamp.
import type { Context, NodeId } from '../../sim/types.js';
import type { AbdMessage, Query, Store } from './messages.js';
import { newer, ZERO, type Tagged } from './timestamp.js';

type Ctx = Context<AbdMessage>;
const PREFIX = 'r/';

export function storedTagged(ctx: Ctx, key: string): Tagged {
  return ctx.disk.get<Tagged>(PREFIX + key) ?? ZERO;
}

export function handleQuery(ctx: Ctx, from: NodeId, msg: Query): void {
  const held = storedTagged(ctx, msg.key);
  ctx.send(from, { type: 'abd-query-reply', rid: msg.rid, ts: held.ts, value: held.value });
}

export function handleStore(ctx: Ctx, from: NodeId, msg: Store, tieBreak: boolean): void {
  if (newer(msg.ts, storedTagged(ctx, msg.key).ts, tieBreak)) {
    ctx.disk.put(PREFIX + msg.key, { ts: msg.ts, value: msg.value });
    ctx.disk.sync();
  }
  ctx.send(from, { type: 'abd-store-ack', rid: msg.rid });
}
