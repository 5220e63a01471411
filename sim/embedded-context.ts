// A context for a client embedded in another node: a lock client that also speaks to a
// counter group through the kv client Raft's clients use. The embedded client sees only
// its group as servers, and its `complete` calls come back to the embedding node instead
// of the kernel. Everything else (clock, sends, timers, disk, randomness, log) is the
// node's own: the embedded client is part of the node, not a node of its own.
import type { ClientContext, Message, NodeId, OpResult } from './types.js';

export function embeddedContext<M extends Message>(
  ctx: ClientContext<M>,
  servers: readonly NodeId[],
  complete: (opId: number, result: OpResult) => void,
): ClientContext<M> {
  return {
    id: ctx.id,
    servers,
    peers: servers.filter((id) => id !== ctx.id),
    allServers: servers,
    now: () => ctx.now(),
    send: (to, msg) => ctx.send(to, msg),
    sendUnsynced: (to, msg) => ctx.sendUnsynced(to, msg),
    setTimer: (afterUs, name) => ctx.setTimer(afterUs, name),
    cancelTimer: (id) => ctx.cancelTimer(id),
    random: () => ctx.random(),
    disk: ctx.disk,
    log: (event, fields) => ctx.log(event, fields),
    complete,
  };
}
