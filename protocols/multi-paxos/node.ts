// A Multi-Paxos server as the simulator sees it: start (rebuild acceptor and learner state
// from disk), receive (dispatch by message type), timer. Every handler ends by syncing the
// disk, so a promise or vote is durable before the reply that reports it leaves (the kernel
// holds messages until the sync), and by checking the server's own assertions.
import type { Context, NodeId, NodeView, ServerNode, TimerId } from '../../sim/types.js';
import { KvStateMachine } from '../kv/state-machine.js';
import { NO_BALLOT } from '../paxos/ballot.js';
import { ELECTION_TIMER, HEARTBEAT_TIMER, electionTimerExpired, resetElectionTimer } from '../raft/timers.js';
import { handleAccept, handleHeartbeat, handlePrepare } from './acceptor.js';
import { handleKvRequest } from './client-requests.js';
import type { MultiPaxosConfig } from './config.js';
import { handlePromise, onElectionTimeout } from './election.js';
import { applyChosen, handleChosen } from './learner.js';
import type { MultiPaxosMessage } from './messages.js';
import { handleAccepted, handleHeartbeatReply, onHeartbeatTimer } from './replication.js';
import { handleInstallSnapshot } from './snapshots.js';
import { MultiPaxosState } from './state.js';
import { loadDurableState } from './storage.js';
import type { MultiPaxosFlags } from './variants.js';
import { multiPaxosView } from './view.js';
import { RestartableNode } from '../restartable-node.js';

type Ctx = Context<MultiPaxosMessage>;

export class MultiPaxosNode extends RestartableNode<MultiPaxosState> implements ServerNode<MultiPaxosMessage> {
  constructor(id: NodeId, servers: readonly NodeId[], config: MultiPaxosConfig, flags: MultiPaxosFlags) {
    super(id, () => new MultiPaxosState(id, servers, config, flags));
  }

  start(ctx: Ctx): void {
    const s = this.restart();
    const durable = loadDurableState(ctx.disk);
    if (durable.snapshot !== null) {
      s.snapshot = durable.snapshot;
      s.kv = KvStateMachine.restore(durable.snapshot.state, { sessions: true });
      s.chosenUpTo = durable.snapshot.upTo;
    }
    s.promised = durable.promised;
    for (const vote of durable.accepted) {
      s.accepted.set(vote.slot, vote);
      s.highestVotedSlot = Math.max(s.highestVotedSlot, vote.slot);
    }
    for (const [slot, value] of durable.chosen) s.chosen.set(slot, value);
    applyChosen(s, ctx, false); // rebuild the replica from the chosen log, quietly
    // Lease reads: it may have acknowledged a leader just before it crashed; it honours
    // that by promising no other proposer for one minimum election timeout.
    if (s.leaseReads && s.promised !== NO_BALLOT) s.leaderContactUs = ctx.now();
    ctx.log('boot', { promised: s.promised, chosenUpTo: s.chosenUpTo, votes: s.accepted.size });
    resetElectionTimer(s, ctx);
    this.finish(ctx, s.promised);
  }

  receive(ctx: Ctx, from: NodeId, msg: MultiPaxosMessage): void {
    const s = this.s;
    const promisedBefore = s.promised;
    switch (msg.type) {
      case 'kv-request':
        handleKvRequest(s, ctx, from, msg);
        break;
      case 'kv-reply':
        break;
      case 'prepare':
        handlePrepare(s, ctx, from, msg);
        break;
      case 'promise':
        handlePromise(s, ctx, from, msg);
        break;
      case 'accept':
        handleAccept(s, ctx, from, msg);
        break;
      case 'accepted':
        handleAccepted(s, ctx, from, msg);
        break;
      case 'heartbeat':
        handleHeartbeat(s, ctx, from, msg);
        break;
      case 'heartbeat-reply':
        handleHeartbeatReply(s, ctx, from, msg);
        break;
      case 'chosen':
        handleChosen(s, ctx, from, msg);
        break;
      case 'install-snapshot':
        handleInstallSnapshot(s, ctx, from, msg);
        applyChosen(s, ctx, true);
        break;
    }
    this.finish(ctx, promisedBefore);
  }

  timer(ctx: Ctx, name: string, id: TimerId): void {
    const s = this.s;
    const promisedBefore = s.promised;
    if (name === ELECTION_TIMER && id === s.electionTimerId) {
      if (electionTimerExpired(s, ctx)) onElectionTimeout(s, ctx);
    } else if (name === HEARTBEAT_TIMER && id === s.heartbeatTimerId) {
      s.heartbeatTimerId = null;
      onHeartbeatTimer(s, ctx);
    }
    this.finish(ctx, promisedBefore);
  }

  inspect(): NodeView {
    return multiPaxosView(this.s);
  }

  /** End of every handler: make writes durable (releasing held replies), check assertions. */
  private finish(ctx: Ctx, promisedBefore: number): void {
    const s = this.s;
    if (ctx.disk.dirty) ctx.disk.sync();
    if (s.promised < promisedBefore) {
      throw new Error(`multi-paxos ${s.id}: promise went back from ${promisedBefore} to ${s.promised}`);
    }
    if (s.role === 'leader' && s.promised !== s.ballot) {
      throw new Error(`multi-paxos ${s.id}: leads ballot ${s.ballot} but promised ${s.promised}`);
    }
    if (s.chosen.has(s.chosenUpTo + 1)) throw new Error(`multi-paxos ${s.id}: slot ${s.chosenUpTo + 1} chosen but not applied`);
  }
}
