// A quorum store server: a replica for the keys the ring gives it, a coordinator for any
// client request that reaches it, a fallback keeping hints for unreachable owners, and a
// partner in anti-entropy and tombstone purging. The dispatch lives here; each concern has
// its own file.
import type { NodeId, NodeView, ServerNode, TimerId } from '../../sim/types.js';
import { handleDigest, handleSync } from './anti-entropy.js';
import type { QuorumConfig } from './config.js';
import { handleClientRequest, handleReadReply, handleWriteAck, onCoordinatorTimer } from './coordinator.js';
import { handleHint, handleHintAck, hintCount, loadHints } from './hints.js';
import type { QuorumMessage } from './messages.js';
import { handleReplicaRead, handleReplicaWrite, restoreTombstoneTimes } from './replica.js';
import { createQuorumState, type Ctx, type QuorumState } from './state.js';
import { onPeriodicTimer, startPeriodicWork } from './timers.js';
import { handlePurge, handlePurgeCheck, handlePurgeReply } from './tombstones.js';
import type { QuorumFlags } from './variants.js';

const INCARNATION_KEY = 'incarnation';
const RIDS_PER_INCARNATION = 1_000_000_000;

export class QuorumNode implements ServerNode<QuorumMessage> {
  private state: QuorumState;

  constructor(
    private readonly servers: readonly NodeId[],
    private readonly config: QuorumConfig,
    private readonly flags: QuorumFlags,
  ) {
    this.state = createQuorumState(servers, config, flags);
  }

  start(ctx: Ctx): void {
    // Everything volatile starts afresh; the replica store and flushed hints are on disk.
    this.state = createQuorumState(this.servers, this.config, this.flags);
    // Request ids are unique across restarts, so a late answer to a request of an earlier
    // incarnation is never counted for a new one.
    const incarnation = (ctx.disk.get<number>(INCARNATION_KEY) ?? 0) + 1;
    ctx.disk.put(INCARNATION_KEY, incarnation);
    ctx.disk.sync();
    this.state.nextRid = incarnation * RIDS_PER_INCARNATION + 1;
    loadHints(this.state, ctx);
    restoreTombstoneTimes(this.state, ctx);
    startPeriodicWork(this.state, ctx);
  }

  receive(ctx: Ctx, from: NodeId, msg: QuorumMessage): void {
    const state = this.state;
    state.suspects.delete(from);
    switch (msg.type) {
      case 'kv-request':
        return handleClientRequest(state, ctx, from, msg);
      case 'q-write':
        return handleReplicaWrite(state, ctx, from, msg);
      case 'q-write-ack':
        return handleWriteAck(state, ctx, from, msg);
      case 'q-read':
        return handleReplicaRead(ctx, from, msg);
      case 'q-read-reply':
        return handleReadReply(state, ctx, from, msg);
      case 'q-hint':
        return handleHint(state, ctx, from, msg);
      case 'q-hint-ack':
        return handleHintAck(state, ctx, from, msg);
      case 'q-digest':
        return handleDigest(state, ctx, from, msg);
      case 'q-sync':
        return handleSync(state, ctx, from, msg);
      case 'q-purge-check':
        return handlePurgeCheck(state, ctx, from, msg);
      case 'q-purge-reply':
        return handlePurgeReply(state, ctx, from, msg);
      case 'q-purge':
        return handlePurge(state, ctx, msg);
      case 'kv-reply':
        return; // servers never get replies
    }
  }

  timer(ctx: Ctx, name: string, id: TimerId): void {
    if (onPeriodicTimer(this.state, ctx, name)) return;
    onCoordinatorTimer(this.state, ctx, name, id);
  }

  inspect(): NodeView {
    return {
      role: 'replica',
      coordinating: this.state.pending.size,
      hints: hintCount(this.state),
      tombstones: this.state.tombstonedAtUs.size,
    };
  }
}
