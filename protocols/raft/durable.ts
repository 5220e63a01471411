// Every change to Raft's persistent state goes through here, so memory and disk never
// disagree. Writes are buffered; node.ts syncs at the end of each handler, and the kernel
// holds messages sent meanwhile until that sync (persist before reply).
import type { Context } from '../../sim/types.js';
import type { LogEntry, RaftMessage, Snapshot } from './messages.js';
import type { RaftState } from './state.js';
import { deleteEntries, saveEntry, saveSnapshot, saveTerm, saveVote } from './storage.js';
import { logRaft } from './events.js';

type Ctx = Context<RaftMessage>;

/** Move to a newer term (forgetting the vote), or record a vote in the current one. */
export function setTermAndVote(s: RaftState, ctx: Ctx, term: number, vote: string | null): void {
  if (term < s.term) throw new Error(`raft ${s.id}: term going back from ${s.term} to ${term}`);
  if (term === s.term && s.votedFor !== null && vote !== s.votedFor) {
    throw new Error(`raft ${s.id}: changing vote in term ${term} from ${s.votedFor} to ${vote}`);
  }
  const termChanged = term !== s.term;
  if (termChanged) {
    s.term = term;
    saveTerm(ctx.disk, term);
  }
  if (termChanged || vote !== s.votedFor) {
    s.votedFor = vote;
    // The vote-not-persisted bug: the vote lives only in memory and is lost on a crash.
    if (!s.flags.voteNotPersisted) saveVote(ctx.disk, vote);
  }
}

export function appendEntry(s: RaftState, ctx: Ctx, entry: LogEntry): number {
  const index = s.log.append(entry);
  saveEntry(ctx.disk, index, entry);
  return index;
}

/** Delete the log suffix from `from` on. Logs 'truncate' {from, to}. */
export function truncateLog(s: RaftState, ctx: Ctx, from: number): void {
  const last = s.log.lastIndex;
  if (from > last) return;
  if (from <= s.commitIndex) {
    if (!s.buggy) throw new Error(`raft ${s.id}: truncating committed entries (from ${from}, commit ${s.commitIndex})`);
    // Only a bug variant gets here: rewind so the replacement entries are applied (over the
    // old ones), and the state-machine-safety invariant can name the divergence.
    s.commitIndex = from - 1;
    s.lastApplied = Math.min(s.lastApplied, from - 1);
  }
  s.log.truncateFrom(from);
  deleteEntries(ctx.disk, from, last);
  logRaft(ctx, 'truncate', { from, to: last });
}

/** Keep `snapshot` and drop the entries it covers (our own snapshot: the log after it stays). */
export function compactLog(s: RaftState, ctx: Ctx, snapshot: Snapshot): void {
  const first = s.log.firstIndex;
  saveSnapshot(ctx.disk, snapshot);
  s.snapshot = snapshot;
  deleteEntries(ctx.disk, first, Math.min(snapshot.index, s.log.lastIndex));
  s.log.compactTo(snapshot.index, snapshot.term);
}

/** Replace the whole log by a leader's snapshot (InstallSnapshot with a conflicting log). */
export function replaceLogBySnapshot(s: RaftState, ctx: Ctx, snapshot: Snapshot): void {
  deleteEntries(ctx.disk, s.log.firstIndex, s.log.lastIndex);
  saveSnapshot(ctx.disk, snapshot);
  s.snapshot = snapshot;
  s.log.resetTo(snapshot.index, snapshot.term);
}
