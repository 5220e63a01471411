// A single-decree Paxos server as the simulator sees it: start (rebuild acceptors and
// decisions from disk), receive (dispatch by message type), timer (a proposer's round
// timeout or backoff). Every handler ends by syncing the disk, so an acceptor's promise or
// vote is durable before the reply that reports it leaves.
import type { Context, NodeId, NodeView, ServerNode, TimerId } from '../../sim/types.js';
import { handleAccept, handlePrepare } from './acceptor.js';
import type { PaxosConfig } from './config.js';
import { handleAccepted } from './learner.js';
import type { PaxosMessage } from './messages.js';
import { handlePromise, handleProposeRequest, handleRejected, onProposerTimer } from './proposer.js';
import { BACKOFF_TIMER, ROUND_TIMER } from './roles.js';
import { PaxosState } from './state.js';
import { loadInstances } from './storage.js';
import type { PaxosFlags } from './variants.js';
import { paxosView } from './view.js';
import { RestartableNode } from '../restartable-node.js';

type Ctx = Context<PaxosMessage>;

export class PaxosNode extends RestartableNode<PaxosState> implements ServerNode<PaxosMessage> {
  constructor(id: NodeId, servers: readonly NodeId[], config: PaxosConfig, flags: PaxosFlags) {
    super(id, () => new PaxosState(id, servers, config, flags));
  }

  start(ctx: Ctx): void {
    const s = this.restart();
    const stored = loadInstances(ctx.disk);
    for (const durable of stored) {
      const inst = s.instance(durable.key);
      if (durable.acceptor !== null) Object.assign(inst.acceptor, durable.acceptor);
      if (durable.decided !== null) {
        inst.learner.decided = durable.decided;
        inst.proposer.phase = 'decided';
      }
    }
    ctx.log('boot', { instances: stored.length });
    this.finish(ctx);
  }

  receive(ctx: Ctx, from: NodeId, msg: PaxosMessage): void {
    const s = this.s;
    switch (msg.type) {
      case 'propose-request':
        handleProposeRequest(s, ctx, from, msg);
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
      case 'rejected':
        handleRejected(s, ctx, from, msg);
        break;
      case 'accepted':
        handleAccepted(s, ctx, from, msg);
        break;
      case 'propose-reply':
        break;
    }
    this.finish(ctx);
  }

  timer(ctx: Ctx, name: string, id: TimerId): void {
    const backoff = name.startsWith(BACKOFF_TIMER);
    const key = name.slice(backoff ? BACKOFF_TIMER.length : ROUND_TIMER.length);
    if (this.s.instances.get(key)?.proposer.timerId === id) onProposerTimer(this.s, ctx, key, backoff);
    this.finish(ctx);
  }

  inspect(): NodeView {
    return paxosView(this.s);
  }

  /** End of every handler: make writes durable (releasing held replies). */
  private finish(ctx: Ctx): void {
    if (ctx.disk.dirty) ctx.disk.sync();
  }
}
