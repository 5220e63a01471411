// InstallSnapshot (paper section 7): a follower so far behind that the leader has compacted
// the entries it needs receives the leader's snapshot instead.
import type { Context, NodeId } from '../../sim/types.js';
import { KvStateMachine } from '../kv/state-machine.js';
import { commitTo } from './apply.js';
import { replaceLogBySnapshot } from './durable.js';
import type { InstallSnapshot, InstallSnapshotReply, RaftMessage } from './messages.js';
import { serveReads } from './reads.js';
import { acceptLeader, maybeCommit, sendAppend } from './replication.js';
import { ackRound, answersThisTerm } from './rounds.js';
import type { RaftState } from './state.js';
import { logRaft } from './events.js';

type Ctx = Context<RaftMessage>;

/** Follower: install the leader's snapshot unless our log already has what it covers. */
export function handleInstallSnapshot(s: RaftState, ctx: Ctx, from: NodeId, msg: InstallSnapshot): void {
  const reply = (matchIndex: number): InstallSnapshotReply => ({
    type: 'install-snapshot-reply',
    term: s.term,
    matchIndex,
    requestTerm: msg.term,
    round: msg.round,
  });
  if (msg.term < s.term) {
    ctx.send(from, reply(0));
    return;
  }
  if (!acceptLeader(s, ctx, from, msg.term)) return;
  const snapshot = msg.snapshot;
  if (snapshot.index <= s.commitIndex) {
    ctx.send(from, reply(s.commitIndex));
    return;
  }
  if (s.log.termAt(snapshot.index) === snapshot.term) {
    // Our log holds the snapshot's last entry: it is committed; keep the log and apply.
    commitTo(s, ctx, snapshot.index);
    ctx.send(from, reply(snapshot.index));
    return;
  }
  replaceLogBySnapshot(s, ctx, snapshot);
  s.kv = KvStateMachine.restore(snapshot.state, { sessions: !s.flags.noSessions });
  s.commitIndex = snapshot.index;
  s.lastApplied = snapshot.index;
  logRaft(ctx, 'snapshot-installed', { index: snapshot.index, term: snapshot.term });
  ctx.send(from, reply(snapshot.index));
}

/** Leader: a follower installed (or already had) the snapshot. Resume with a probe. */
export function handleInstallSnapshotReply(s: RaftState, ctx: Ctx, from: NodeId, msg: InstallSnapshotReply): void {
  if (!answersThisTerm(s, msg)) return;
  const progress = s.progress.get(from);
  if (progress === undefined) return;
  const roundAdvanced = ackRound(s, from, progress, msg.round);
  // A follower ahead of its leader only happens with a bug variant (a leader lacking
  // committed entries): clamp so replication carries on and invariants report the loss.
  const matchIndex = s.buggy ? Math.min(msg.matchIndex, s.log.lastIndex) : msg.matchIndex;
  if (matchIndex > progress.match) progress.match = matchIndex;
  progress.next = progress.match + 1;
  progress.mode = 'probe';
  progress.probeSent = false;
  maybeCommit(s, ctx);
  sendAppend(s, ctx, from, progress, true);
  if (roundAdvanced) serveReads(s, ctx);
}
