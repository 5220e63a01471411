// Client commands at a server. Only the leader serves: others redirect with their leader
// hint. Every command takes a slot, deduplicated by session as in Raft; gets too with
// reads: log, otherwise they take the read path (reads.ts: ReadIndex or a lease).
import type { Context, NodeId } from '../../sim/types.js';
import { outcomeReply, redirectReply, type KvRequest } from '../kv/messages.js';
import type { MultiPaxosMessage } from './messages.js';
import { handleRead } from './reads.js';
import { proposeSlot } from './replication.js';
import type { MultiPaxosState } from './state.js';

type Ctx = Context<MultiPaxosMessage>;

export function handleKvRequest(s: MultiPaxosState, ctx: Ctx, from: NodeId, msg: KvRequest): void {
  const command = msg.command;
  if (s.role !== 'leader') {
    ctx.send(from, redirectReply(command, s.leaderId));
    return;
  }
  if (command.f === 'get' && s.config.reads !== 'log') {
    handleRead(s, ctx, from, command);
    return;
  }
  const session = s.kv.sessionCheck(command.client, command.seq);
  if (session.kind === 'duplicate') {
    ctx.send(from, outcomeReply(command, session.outcome));
    return;
  }
  if (session.kind === 'stale') return; // the client has moved on
  const pendingSlot = s.proposalsByClient.get(command.client);
  const pending = pendingSlot === undefined ? undefined : s.proposals.get(pendingSlot);
  if (pending !== undefined && pending.command.seq === command.seq) {
    pending.from = from; // a retry of a command already proposed: answer the latest attempt
    return;
  }
  const slot = s.nextSlot++;
  s.proposals.set(slot, { command, from });
  s.proposalsByClient.set(command.client, slot);
  proposeSlot(s, ctx, slot, command);
}
