// Client commands at a server. Only the leader serves: others redirect with their leader
// hint. Writes (and gets with reads: log) go through the log, deduplicated by session;
// other gets take the read path (reads.ts).
import type { Context, NodeId } from '../../sim/types.js';
import { outcomeReply, redirectReply, type KvRequest } from '../kv/messages.js';
import { appendEntry } from './durable.js';
import type { RaftMessage } from './messages.js';
import { handleRead } from './reads.js';
import { broadcastAppend, maybeCommit } from './replication.js';
import type { RaftState } from './state.js';
import { logRaft } from './events.js';

type Ctx = Context<RaftMessage>;

export function handleKvRequest(s: RaftState, ctx: Ctx, from: NodeId, msg: KvRequest): void {
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
  if (!s.flags.noSessions) {
    const pendingIndex = s.proposalsByClient.get(command.client);
    const pending = pendingIndex === undefined ? undefined : s.proposals.get(pendingIndex);
    if (pending !== undefined && pending.command.seq === command.seq) {
      pending.from = from; // a retry of a command already in the log: answer the latest attempt
      return;
    }
  }
  const index = appendEntry(s, ctx, { term: s.term, command });
  logRaft(ctx, 'propose', { index, term: s.term });
  s.proposals.set(index, { command, from });
  s.proposalsByClient.set(command.client, index);
  broadcastAppend(s, ctx, false);
  maybeCommit(s, ctx);
}
