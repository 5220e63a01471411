// Log replication (paper 5.3): the leader streams entries to each follower from its
// `next` index; the follower checks that its log holds prevLogIndex with prevLogTerm,
// overwrites any conflicting suffix, and acknowledges. A rejection carries a conflict hint
// so the leader backs up a whole term per round trip. The leader commits the highest index
// a quorum holds, but only when that entry is of its own term (5.4.2).
import type { Context, NodeId } from '../../sim/types.js';
import { commitTo } from './apply.js';
import { appendEntry, replyDurably, truncateLog } from './durable.js';
import { conflictHint, nextIndexAfterReject } from './log-matching.js';
import type {
  AppendEntries,
  AppendEntriesReply,
  Heartbeat,
  HeartbeatReply,
  LogEntry,
  RaftMessage,
} from './messages.js';
import { quorumValueAbove } from './quorum.js';
import { serveReads } from './reads.js';
import { becomeFollower } from './roles.js';
import { ackRound, answersThisTerm, quorumLost, startRound } from './rounds.js';
import type { Progress, RaftState } from './state.js';
import { resetElectionTimer, startHeartbeatTimer } from './timers.js';
import { logRaft } from './events.js';

type Ctx = Context<RaftMessage>;

const NO_ENTRIES: readonly LogEntry[] = Object.freeze([]);

/**
 * Send `peer` (whose `progress` the caller holds: no second lookup per message) what it
 * needs next: entries from its next index (or a snapshot when they are compacted away).
 * `sendIfEmpty` sends an AppendEntries even with nothing new, as a probe.
 * Returns the AppendEntries sent, if any. `same`, a message just sent to another follower
 * in the same broadcast, is sent again when this follower needs exactly the same one
 * (messages are immutable, so followers may share one).
 */
export function sendAppend(
  s: RaftState,
  ctx: Ctx,
  peer: NodeId,
  progress: Progress,
  sendIfEmpty: boolean,
  same: AppendEntries | null = null,
): AppendEntries | null {
  if (progress.mode === 'snapshot' || (progress.mode === 'probe' && progress.probeSent)) return null;
  const prevLogIndex = progress.next - 1;
  const last = Math.min(s.log.lastIndex, prevLogIndex + s.config.entriesPerAppendMax);
  let msg: AppendEntries;
  if (
    same !== null &&
    same.prevLogIndex === prevLogIndex &&
    same.entries.length === last - prevLogIndex &&
    (last > prevLogIndex || sendIfEmpty)
  ) {
    msg = same;
  } else {
    const prevLogTerm = s.log.termAt(prevLogIndex);
    if (prevLogTerm === undefined) {
      if (prevLogIndex > s.log.lastIndex) {
        throw new Error(`raft ${s.id}: next index ${progress.next} of ${peer} beyond last index ${s.log.lastIndex}`);
      }
      sendSnapshot(s, ctx, peer, progress);
      return null;
    }
    if (last <= prevLogIndex && !sendIfEmpty) return null;
    msg = {
      type: 'append-entries',
      term: s.term,
      prevLogIndex,
      prevLogTerm,
      entries: last > prevLogIndex ? s.log.slice(prevLogIndex + 1, last) : NO_ENTRIES,
      leaderCommit: s.commitIndex,
      round: s.round,
    };
  }
  ctx.send(peer, msg);
  if (progress.mode === 'replicate') progress.next = last + 1;
  else progress.probeSent = true;
  return msg;
}

function sendSnapshot(s: RaftState, ctx: Ctx, peer: NodeId, progress: Progress): void {
  const snapshot = s.snapshot;
  if (snapshot === null) throw new Error(`raft ${s.id}: ${peer} needs compacted entries but there is no snapshot`);
  ctx.send(peer, { type: 'install-snapshot', term: s.term, snapshot, round: s.round });
  progress.mode = 'snapshot';
  progress.snapshotSentAtUs = ctx.now();
}

/** After appending: stream the new entries to followers that are replicating. */
export function broadcastAppend(s: RaftState, ctx: Ctx, sendIfEmpty: boolean): void {
  let sent: AppendEntries | null = null;
  const peers = s.peers;
  // voters[k] is the progress of peers[k] (RaftState.trackVoters).
  for (let k = 0; k < peers.length; k++) sent = sendAppend(s, ctx, peers[k]!, s.voters[k]!, sendIfEmpty, sent) ?? sent;
  if (s.learners.size === 0) return;
  for (const learner of s.learners.keys()) {
    sent = sendAppend(s, ctx, learner, s.progress.get(learner)!, sendIfEmpty, sent) ?? sent;
  }
}

/**
 * Commit the highest index a quorum of the members holds, if it is of the current term
 * (5.4.2). A leader that is not a member (it is removing itself) does not count itself.
 */
export function maybeCommit(s: RaftState, ctx: Ctx): void {
  const matches = s.perServer;
  let k = 0;
  if (s.isMember) matches[k++] = s.log.lastIndex;
  for (const voter of s.voters) matches[k++] = voter.match;
  const index = quorumValueAbove(matches, s.commitIndex);
  if (index <= s.commitIndex) return;
  const term = s.log.termAt(index)!;
  // The figure8-commit bug: an earlier term's entry is taken as committed by counting.
  if (term !== s.term && !s.flags.figure8Commit) return;
  logRaft(ctx, 'commit', { index, term });
  commitTo(s, ctx, index);
}

/** Follower: AppendEntries (the term was already reconciled by the node's step). */
export function handleAppendEntries(s: RaftState, ctx: Ctx, from: NodeId, msg: AppendEntries): void {
  if (msg.term < s.term) {
    ctx.send(from, appendReply(s, msg, false, 0, 0, 0));
    return;
  }
  if (!acceptLeader(s, ctx, from, msg.term)) return;
  let prevLogIndex = msg.prevLogIndex;
  let prevLogTerm = msg.prevLogTerm;
  let entries = msg.entries;
  const lastNew = msg.prevLogIndex + msg.entries.length;
  // Entries our snapshot already covers are committed and match: skip them.
  const covered = s.log.snapshotIndex - prevLogIndex;
  if (covered > 0) {
    if (covered >= entries.length) {
      ctx.send(from, appendReply(s, msg, true, lastNew, 0, 0));
      return;
    }
    prevLogIndex = s.log.snapshotIndex;
    prevLogTerm = entries[covered - 1]!.term;
    entries = entries.slice(covered);
  }
  if (s.log.termAt(prevLogIndex) !== prevLogTerm) {
    const hint = conflictHint(s.log, prevLogIndex);
    ctx.send(from, appendReply(s, msg, false, 0, hint.conflictTerm, hint.conflictIndex));
    return;
  }
  let k = 0;
  for (; k < entries.length; k++) {
    const index = prevLogIndex + 1 + k;
    const term = s.log.termAt(index);
    if (term === undefined) break;
    if (term !== entries[k]!.term) {
      truncateLog(s, ctx, index);
      break;
    }
  }
  for (; k < entries.length; k++) appendEntry(s, ctx, entries[k]!);
  // The truncate-on-stale-append bug: drop whatever follows this (possibly old) message,
  // though it matched. (It spares what it knows is committed, so its own asserts hold.)
  if (s.flags.truncateOnStaleAppend && s.log.lastIndex > lastNew) {
    truncateLog(s, ctx, Math.max(lastNew, s.commitIndex) + 1);
  }
  commitTo(s, ctx, Math.min(msg.leaderCommit, lastNew));
  replyDurably(s, ctx, from, appendReply(s, msg, true, lastNew, 0, 0));
}

function appendReply(
  s: RaftState,
  msg: AppendEntries,
  success: boolean,
  matchIndex: number,
  conflictTerm: number,
  conflictIndex: number,
): AppendEntriesReply {
  return {
    type: 'append-entries-reply',
    term: s.term,
    success,
    matchIndex,
    rejectedIndex: msg.prevLogIndex,
    conflictTerm,
    conflictIndex,
    requestTerm: msg.term,
    round: msg.round,
  };
}

/**
 * A message from the leader of our term: follow it and restart the election timer.
 * False when we are a leader ourselves (two leaders in one term only happen with a bug
 * variant; the election-safety invariant reports it).
 */
export function acceptLeader(s: RaftState, ctx: Ctx, from: NodeId, term: number): boolean {
  if (s.role === 'leader') return false;
  if (s.role !== 'follower' || s.leaderId !== from) becomeFollower(s, ctx, term, from);
  s.leaderContactUs = ctx.now();
  resetElectionTimer(s, ctx);
  return true;
}

/** Leader: a follower answered an AppendEntries. */
export function handleAppendEntriesReply(s: RaftState, ctx: Ctx, from: NodeId, msg: AppendEntriesReply): void {
  if (!answersThisTerm(s, msg)) return;
  const progress = s.progress.get(from);
  if (progress === undefined) return;
  const roundAdvanced = ackRound(s, from, progress, msg.round);
  if (msg.success) {
    if (msg.matchIndex > progress.match) progress.match = msg.matchIndex;
    if (progress.next <= progress.match) progress.next = progress.match + 1;
    if (progress.mode === 'probe') {
      progress.mode = 'replicate';
      progress.probeSent = false;
    }
    maybeCommit(s, ctx);
    if (progress.match < s.log.lastIndex) sendAppend(s, ctx, from, progress, false);
  } else {
    const stale =
      msg.rejectedIndex <= progress.match ||
      progress.mode === 'snapshot' ||
      (progress.mode === 'probe' && msg.rejectedIndex !== progress.next - 1);
    if (!stale) {
      progress.next = nextIndexAfterReject(s.log, msg, progress.match);
      progress.mode = 'probe';
      progress.probeSent = false;
      sendAppend(s, ctx, from, progress, true);
    }
  }
  if (roundAdvanced) serveReads(s, ctx);
}

/** Follower: a heartbeat. Commit what the leader says we match. */
export function handleHeartbeat(s: RaftState, ctx: Ctx, from: NodeId, msg: Heartbeat): void {
  if (msg.term >= s.term) {
    if (!acceptLeader(s, ctx, from, msg.term)) return;
    commitTo(s, ctx, Math.min(msg.commit, s.log.lastIndex));
  }
  ctx.send(from, { type: 'heartbeat-reply', term: s.term, requestTerm: msg.term, round: msg.round });
}

/** Leader: a heartbeat answer. A follower behind gets a probe or a retransmission. */
export function handleHeartbeatReply(s: RaftState, ctx: Ctx, from: NodeId, msg: HeartbeatReply): void {
  if (!answersThisTerm(s, msg)) return;
  const progress = s.progress.get(from);
  if (progress === undefined) return;
  const roundAdvanced = ackRound(s, from, progress, msg.round);
  if (progress.match < s.log.lastIndex) {
    if (progress.mode === 'snapshot' && ctx.now() - progress.snapshotSentAtUs > s.config.electionTimeout.minUs) {
      progress.mode = 'probe'; // the snapshot was lost: send it again
    }
    if (progress.mode === 'probe') progress.probeSent = false;
    sendAppend(s, ctx, from, progress, true);
  }
  if (roundAdvanced) serveReads(s, ctx);
}

/**
 * Leader: the heartbeat timer. Step down if checkQuorum says we lost the quorum, else
 * heartbeat, unless a round (a ReadIndex read's) already went to every follower less than
 * a heartbeat interval ago: then wait for the rest of the interval. Under a read-heavy
 * load that saves a heartbeat and its reply per follower per interval.
 */
export function onHeartbeatTimer(s: RaftState, ctx: Ctx): void {
  if (s.role !== 'leader') return;
  const nowUs = ctx.now();
  if (s.config.checkQuorum && quorumLost(s, nowUs)) {
    becomeFollower(s, ctx, s.term, null);
    return;
  }
  const sinceRoundUs = nowUs - s.lastRoundStartUs;
  // (A clock stepped back makes sinceRoundUs negative: heartbeat now rather than late.)
  if (sinceRoundUs >= 0 && sinceRoundUs < s.config.heartbeat) {
    startHeartbeatTimer(s, ctx, s.config.heartbeat - sinceRoundUs);
    return;
  }
  startRound(s, ctx);
  startHeartbeatTimer(s, ctx);
}
