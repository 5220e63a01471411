// Applying committed entries to the state machine, in order, on every server. The leader
// also answers the client whose command it was; then it serves reads that were waiting for
// the apply point to reach their read index.
import type { Context } from '../../sim/types.js';
import { commandDigest } from '../kv/commands.js';
import { outcomeReply, redirectReply } from '../kv/messages.js';
import { maybeCompact } from './compaction.js';
import type { RaftMessage } from './messages.js';
import { serveReads } from './reads.js';
import type { RaftState } from './state.js';
import { logRaft } from './events.js';

type Ctx = Context<RaftMessage>;

export const NOOP_DIGEST = 'noop';

/** Raise the commit index (never lower it) and apply up to it. */
export function commitTo(s: RaftState, ctx: Ctx, index: number): void {
  if (index <= s.commitIndex) return;
  if (index > s.log.lastIndex) {
    throw new Error(`raft ${s.id}: commit index ${index} beyond last index ${s.log.lastIndex}`);
  }
  s.commitIndex = index;
  applyCommitted(s, ctx);
}

export function applyCommitted(s: RaftState, ctx: Ctx): void {
  while (s.lastApplied < s.commitIndex) {
    const index = s.lastApplied + 1;
    const entry = s.log.entryAt(index);
    s.lastApplied = index;
    const command = entry.command;
    if (command === null) {
      logRaft(ctx, 'apply', { index, term: entry.term, digest: NOOP_DIGEST });
      continue;
    }
    const outcome = s.kv.apply(command);
    logRaft(ctx, 'apply', { index, term: entry.term, digest: commandDigest(command) });
    if (s.role !== 'leader') continue;
    const proposal = s.proposals.get(index);
    if (proposal === undefined) continue;
    s.proposals.delete(index);
    if (s.proposalsByClient.get(command.client) === index) s.proposalsByClient.delete(command.client);
    ctx.send(
      proposal.from,
      proposal.command.client === command.client && proposal.command.seq === command.seq
        ? outcomeReply(command, outcome)
        : redirectReply(proposal.command, s.id),
    );
  }
  if (s.lastApplied > s.commitIndex) {
    throw new Error(`raft ${s.id}: applied ${s.lastApplied} beyond commit ${s.commitIndex}`);
  }
  maybeCompact(s, ctx);
  if (s.role === 'leader') serveReads(s, ctx);
}
