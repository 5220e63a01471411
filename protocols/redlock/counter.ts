// The token counter. `counter` nodes run protocols/raft's node unchanged: the counter is a
// key of Raft's replicated kv store, incremented by compare-and-set (token-client.ts), so
// every token is larger than every one granted before it. `single-counter` is the unsafe
// variant: one node with the same kv store in memory only, which forgets its count on a
// restart and then hands out tokens again from 1.
import type { Context, NodeId, ServerNode } from '../../sim/types.js';
import { outcomeReply, type KvMessage } from '../kv/messages.js';
import { KvStateMachine } from '../kv/state-machine.js';
import { defaultRaftConfig } from '../raft/config.js';
import { RaftNode } from '../raft/node.js';
import { raftFlags } from '../raft/variants.js';
import type { RedlockMessage } from './messages.js';

/** A Raft node of the counter group (its members are the group, not every server). */
export function raftCounterNode(id: NodeId, members: readonly NodeId[]): ServerNode<RedlockMessage> {
  return new RaftNode(id, members, defaultRaftConfig(), raftFlags(null)) as unknown as ServerNode<RedlockMessage>;
}

/** The unsafe counter: the kv state machine of one node, in memory. */
export class SingleCounter implements ServerNode<RedlockMessage> {
  private kv = KvStateMachine.create({ sessions: true });

  start(): void {
    this.kv = KvStateMachine.create({ sessions: true }); // a restart forgets the count
  }

  receive(ctx: Context<RedlockMessage>, from: NodeId, msg: RedlockMessage): void {
    if (msg.type !== 'kv-request') return;
    const reply: KvMessage = outcomeReply(msg.command, this.kv.apply(msg.command));
    ctx.send(from, reply);
  }

  timer(): void {}

  inspect() {
    return { role: 'counter' };
  }
}
