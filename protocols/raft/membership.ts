// Single-server membership changes (Ongaro's thesis, chapter 4). A configuration is a log
// entry listing the voting members; it takes effect on each server as soon as it is in
// that server's log, committed or not, and a truncation that removes it reverts to the
// one before. One change at a time: a leader proposes the next only when the previous is
// committed, and (the thesis errata of 2015) only once it has committed an entry of its
// own term. A new server first catches up as a learner (replicated to, snapshots
// included, but not counted), then is added; a leader that removes itself keeps leading
// until the change commits, without counting itself, then steps down.
import type { AdminCommand, Context, NodeId } from '../../sim/types.js';
import type { KvCommand } from '../kv/commands.js';
import { redirectReply, type KvReply } from '../kv/messages.js';
import { appendEntry } from './durable.js';
import { logRaft } from './events.js';
import type { RaftMessage } from './messages.js';
import { quorumSize } from './quorum.js';
import { broadcastAppend, maybeCommit, sendAppend } from './replication.js';
import { becomeFollower } from './roles.js';
import { freshProgress, type RaftState } from './state.js';

type Ctx = Context<RaftMessage>;

/**
 * A redirect for a client. Once the configuration is not the initial one, it carries the
 * members this server knows, so clients stop trying removed servers and find added ones.
 */
export function redirectFor(s: RaftState, command: KvCommand, leader: NodeId | null): KvReply {
  return redirectReply(command, leader, s.configIndex > 0 ? s.members : undefined);
}

/** Requests a server remembers at most; more are refused (the operator must retry). */
export const ADMIN_QUEUE_MAX = 8;

/** The configuration at `index`: the latest config entry at or before it, else the snapshot's, else the initial one. */
export function configAt(s: RaftState, index: number): { members: readonly NodeId[]; index: number } {
  for (let i = Math.min(index, s.log.lastIndex); i > s.log.snapshotIndex; i--) {
    const members = s.log.entryAt(i).members;
    if (members !== undefined) return { members, index: i };
  }
  const fromSnapshot = s.snapshot?.members;
  return fromSnapshot === undefined ? { members: s.servers, index: 0 } : { members: fromSnapshot, index: s.log.snapshotIndex };
}

/** After the log's end moved past or below a configuration: put the latest one in force. */
export function refreshMembership(s: RaftState): void {
  const { members, index } = configAt(s, s.log.lastIndex);
  s.configIndex = index;
  for (let k = s.adminQueue.length - 1; k >= 0; k--) if (isDone(s.adminQueue[k]!, members)) s.adminQueue.splice(k, 1);
  if (members === s.members) return;
  s.members = members;
  s.isMember = members.includes(s.id);
  s.peers = members.filter((m) => m !== s.id);
  s.quorum = quorumSize(members.length);
  s.perServer = new Array<number>(members.length).fill(0);
  if (s.role !== 'leader') return;
  for (const peer of s.peers) {
    s.learners.delete(peer);
    if (!s.progress.has(peer)) s.progress.set(peer, freshProgress(s.log.lastIndex + 1));
  }
  for (const id of [...s.progress.keys()]) if (!members.includes(id) && !s.learners.has(id)) s.progress.delete(id);
  s.trackVoters();
}

function isDone(command: AdminCommand, members: readonly NodeId[]): boolean {
  return members.includes(command.node) === (command.change === 'add');
}

/** An operator's request: remember it, and act on it if we lead. */
export function handleAdmin(s: RaftState, ctx: Ctx, command: AdminCommand): void {
  if (isDone(command, s.members)) {
    logRaft(ctx, 'membership-ignored', { change: command.change, node: command.node, reason: 'already so' });
    return;
  }
  if (s.adminQueue.length >= ADMIN_QUEUE_MAX) {
    logRaft(ctx, 'membership-ignored', { change: command.change, node: command.node, reason: 'queue full' });
    return;
  }
  s.adminQueue.push(command); // the node's finish() takes it from here (advanceMembership)
}

/**
 * Leader, at the end of every handler (node.ts): a removed leader steps down once its
 * removal is committed; otherwise take the next request as far as it can go now.
 */
export function advanceMembership(s: RaftState, ctx: Ctx): void {
  if (s.role !== 'leader') return;
  const committed = s.configIndex <= s.commitIndex;
  if (committed && !s.isMember) {
    logRaft(ctx, 'removed', { term: s.term, configIndex: s.configIndex });
    becomeFollower(s, ctx, s.term, null);
    return;
  }
  const command = s.adminQueue[0];
  if (command === undefined || !committed) return;
  // The thesis errata: a change from a leader that has not committed an entry of its term
  // can overlap an uncommitted change of an earlier leader, and the two majorities need not meet.
  if (s.log.termAt(s.commitIndex) !== s.term && !s.flags.membershipBeforeTermCommit) return;
  if (command.change === 'remove') {
    if (s.members.length - 1 < s.config.membersMin) {
      s.adminQueue.shift();
      logRaft(ctx, 'membership-ignored', { change: 'remove', node: command.node, reason: 'too few members' });
      return;
    }
    proposeConfig(s, ctx, s.members.filter((m) => m !== command.node));
    return;
  }
  catchUpThenAdd(s, ctx, command.node);
}

/** Add `node`: first as a learner; once it holds what is committed, as a member. */
function catchUpThenAdd(s: RaftState, ctx: Ctx, node: NodeId): void {
  const since = s.learners.get(node);
  if (since === undefined) {
    s.learners.set(node, ctx.now());
    const progress = freshProgress(s.log.lastIndex + 1);
    s.progress.set(node, progress);
    logRaft(ctx, 'learner', { node, term: s.term });
    sendAppend(s, ctx, node, progress, true);
    return;
  }
  if (s.progress.get(node)!.match >= s.commitIndex) {
    proposeConfig(s, ctx, [...s.members, node]);
    return;
  }
  if (ctx.now() - since > s.config.learnerCatchUp) {
    s.learners.delete(node);
    s.progress.delete(node);
    s.adminQueue.shift();
    logRaft(ctx, 'membership-ignored', { change: 'add', node, reason: 'did not catch up' });
  }
}

function proposeConfig(s: RaftState, ctx: Ctx, members: readonly NodeId[]): void {
  const index = appendEntry(s, ctx, { term: s.term, command: null, members });
  logRaft(ctx, 'config', { index, term: s.term, members: members.join(',') });
  broadcastAppend(s, ctx, false);
  maybeCommit(s, ctx); // a leader alone commits at once
}

/** Entries after the commit index that change the configuration (the invariant wants at most one). */
export function uncommittedConfigs(s: RaftState): number {
  if (s.configIndex <= s.commitIndex) return 0; // the latest one is committed, so all are
  let count = 0;
  for (let i = s.log.lastIndex; i > s.commitIndex && i > s.log.snapshotIndex; i--) {
    if (s.log.entryAt(i).members !== undefined) count++;
  }
  return count;
}
