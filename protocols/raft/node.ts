// A Raft server as the simulator sees it: start (rebuild from disk), receive (reconcile
// terms, then dispatch by message type), timer. Every handler ends by syncing the disk, so
// whatever it persisted is durable before any message it sent leaves (the kernel holds
// them until the sync), and by checking the server's own invariants.
import type { AdminCommand, Context, NodeId, NodeView, ServerNode, TimerId } from '../../sim/types.js';
import { KvStateMachine } from '../kv/state-machine.js';
import type { RaftConfig } from './config.js';
import { handleKvRequest } from './client-requests.js';
import { handleRequestVote, handleRequestVoteReply, onElectionTimeout } from './election.js';
import type { RaftMessage, RaftPeerMessage } from './messages.js';
import {
  handleAppendEntries,
  handleAppendEntriesReply,
  handleHeartbeat,
  handleHeartbeatReply,
  onHeartbeatTimer,
} from './replication.js';
import { becomeFollower } from './roles.js';
import { handleInstallSnapshot, handleInstallSnapshotReply } from './snapshot.js';
import { RaftState } from './state.js';
import { loadDurableState } from './storage.js';
import { ELECTION_TIMER, HEARTBEAT_TIMER, electionTimerExpired, resetElectionTimer } from './timers.js';
import type { RaftFlags } from './variants.js';
import { raftView } from './view.js';
import { logRaft } from './events.js';
import { advanceMembership, handleAdmin, refreshMembership } from './membership.js';
import { RestartableNode } from '../restartable-node.js';

type Ctx = Context<RaftMessage>;

export class RaftNode extends RestartableNode<RaftState> implements ServerNode<RaftMessage> {
  constructor(id: NodeId, servers: readonly NodeId[], config: RaftConfig, flags: RaftFlags) {
    super(id, () => new RaftState(id, servers, config, flags));
  }

  start(ctx: Ctx): void {
    const s = this.restart();
    const durable = loadDurableState(ctx.disk);
    s.term = durable.term;
    s.votedFor = durable.vote;
    if (durable.snapshot !== null) {
      const snapshot = durable.snapshot;
      s.snapshot = snapshot;
      s.log.resetTo(snapshot.index, snapshot.term);
      s.kv = KvStateMachine.restore(snapshot.state, { sessions: !s.flags.noSessions });
      s.commitIndex = snapshot.index;
      s.lastApplied = snapshot.index;
    }
    for (const entry of durable.entries) s.log.append(entry);
    refreshMembership(s);
    // Lease reads: a restarted node may have acknowledged a leader just before it crashed;
    // it honours that by refusing votes for one minimum election timeout.
    if (s.config.reads === 'lease' && s.term > 0) s.leaderContactUs = ctx.now();
    logRaft(ctx, 'boot', { term: s.term, lastIndex: s.log.lastIndex, snapshotIndex: s.log.snapshotIndex });
    resetElectionTimer(s, ctx);
    this.finish(ctx, s.term);
  }

  /**
   * Messages come in a dozen shapes, so reading a field of `msg` here is V8's slow
   * (megamorphic) load: the type is read once, and the handlers, each of which sees one
   * shape, read the rest.
   */
  receive(ctx: Ctx, from: NodeId, msg: RaftMessage): void {
    const s = this.s;
    const termBefore = s.term;
    const { type } = msg;
    if (type === 'kv-request') handleKvRequest(s, ctx, from, msg);
    else if (type !== 'kv-reply' && this.step(ctx, from, msg)) {
      switch (type) {
        case 'request-vote':
          handleRequestVote(s, ctx, from, msg);
          break;
        case 'request-vote-reply':
          handleRequestVoteReply(s, ctx, from, msg);
          break;
        case 'append-entries':
          handleAppendEntries(s, ctx, from, msg);
          break;
        case 'append-entries-reply':
          handleAppendEntriesReply(s, ctx, from, msg);
          break;
        case 'heartbeat':
          handleHeartbeat(s, ctx, from, msg);
          break;
        case 'heartbeat-reply':
          handleHeartbeatReply(s, ctx, from, msg);
          break;
        case 'install-snapshot':
          handleInstallSnapshot(s, ctx, from, msg);
          break;
        case 'install-snapshot-reply':
          handleInstallSnapshotReply(s, ctx, from, msg);
          break;
      }
    }
    this.finish(ctx, termBefore);
  }

  timer(ctx: Ctx, name: string, id: TimerId): void {
    const s = this.s;
    const termBefore = s.term;
    if (name === ELECTION_TIMER && id === s.electionTimerId) {
      if (electionTimerExpired(s, ctx)) onElectionTimeout(s, ctx);
    } else if (name === HEARTBEAT_TIMER && id === s.heartbeatTimerId) {
      s.heartbeatTimerId = null;
      onHeartbeatTimer(s, ctx);
    }
    this.finish(ctx, termBefore);
  }

  admin(ctx: Ctx, command: AdminCommand): void {
    const termBefore = this.s.term;
    handleAdmin(this.s, ctx, command);
    this.finish(ctx, termBefore);
  }

  inspect(): NodeView {
    return raftView(this.s);
  }

  /**
   * Reconcile terms before any role looks at a message (etcd's Step). A newer term makes us
   * a follower, except: a (pre-)vote request inside the vote guard is ignored, a pre-vote
   * request never changes our term, and a granted pre-vote carries the term asked about.
   * Returns false when the message is to be dropped.
   */
  private step(ctx: Ctx, from: NodeId, msg: RaftPeerMessage): boolean {
    const s = this.s;
    if (msg.term <= s.term) return true;
    if (msg.type === 'request-vote') {
      if (this.inVoteGuard(ctx)) return false;
      if (!msg.preVote) becomeFollower(s, ctx, msg.term, null);
      return true;
    }
    if (msg.type === 'request-vote-reply' && msg.preVote && msg.granted) return true;
    const fromLeader = msg.type === 'append-entries' || msg.type === 'heartbeat' || msg.type === 'install-snapshot';
    becomeFollower(s, ctx, msg.term, fromLeader ? from : null);
    return true;
  }

  /** Refuse to help elect anyone while a leader we recently heard from may still lead. */
  private inVoteGuard(ctx: Ctx): boolean {
    const s = this.s;
    if (!s.guardsVotes) return false;
    return s.role === 'leader' || ctx.now() - s.leaderContactUs < s.config.electionTimeout.minUs;
  }

  /** End of every handler: make writes durable (releasing held messages), check invariants. */
  private finish(ctx: Ctx, termBefore: number): void {
    const s = this.s;
    advanceMembership(s, ctx);
    if (ctx.disk.dirty) ctx.disk.sync();
    if (s.term < termBefore) throw new Error(`raft ${s.id}: term went back from ${termBefore} to ${s.term}`);
    if (s.commitIndex > s.log.lastIndex) {
      throw new Error(`raft ${s.id}: commit index ${s.commitIndex} beyond last index ${s.log.lastIndex}`);
    }
    if (s.lastApplied > s.commitIndex) {
      throw new Error(`raft ${s.id}: applied ${s.lastApplied} beyond commit index ${s.commitIndex}`);
    }
    if (s.log.snapshotIndex > s.lastApplied) {
      throw new Error(`raft ${s.id}: snapshot ${s.log.snapshotIndex} beyond applied ${s.lastApplied}`);
    }
  }
}
