// An ABD server: a replica of every key, and a coordinator for any client request that
// reaches it (in single-writer mode, puts go to the first server, the writer).
import type { Context, NodeId, NodeView, ServerNode, TimerId } from '../../sim/types.js';
import { redirectReply } from '../kv/messages.js';
import type { AbdConfig } from './config.js';
import { AbdCoordinator } from './coordinator.js';
import type { AbdMessage } from './messages.js';
import { handleQuery, handleStore } from './replica.js';
import type { AbdFlags } from './variants.js';

type Ctx = Context<AbdMessage>;
const INCARNATION_KEY = 'incarnation';
const RIDS_PER_INCARNATION = 1_000_000_000;

export class AbdNode implements ServerNode<AbdMessage> {
  private coordinator: AbdCoordinator;
  /** Client session -> last write seq coordinated (a second copy is a network duplicate). */
  private readonly lastWriteSeq = new Map<string, number>();

  constructor(
    private readonly config: AbdConfig,
    private readonly flags: AbdFlags,
  ) {
    this.coordinator = new AbdCoordinator(config, flags, 1);
  }

  start(ctx: Ctx): void {
    // Request ids are unique across restarts: a late answer never counts for a new request.
    const incarnation = (ctx.disk.get<number>(INCARNATION_KEY) ?? 0) + 1;
    ctx.disk.put(INCARNATION_KEY, incarnation);
    ctx.disk.sync();
    this.coordinator = new AbdCoordinator(this.config, this.flags, incarnation * RIDS_PER_INCARNATION + 1);
    this.lastWriteSeq.clear();
  }

  receive(ctx: Ctx, from: NodeId, msg: AbdMessage): void {
    switch (msg.type) {
      case 'kv-request': {
        const command = msg.command;
        if (command.f !== 'get' && this.config.writers === 'single' && ctx.id !== ctx.servers[0]) {
          return ctx.send(from, redirectReply(command, ctx.servers[0]!));
        }
        if (command.f !== 'get') {
          if ((this.lastWriteSeq.get(command.client) ?? 0) >= command.seq) return;
          this.lastWriteSeq.set(command.client, command.seq);
        }
        return this.coordinator.begin(ctx, from, command);
      }
      case 'abd-query':
        return handleQuery(ctx, from, msg);
      case 'abd-store':
        return handleStore(ctx, from, msg, !this.flags.noTieBreak);
      case 'abd-query-reply':
        return this.coordinator.onQueryReply(ctx, from, msg);
      case 'abd-store-ack':
        return this.coordinator.onStoreAck(ctx, from, msg);
      case 'kv-reply':
        return;
    }
  }

  timer(ctx: Ctx, _name: string, id: TimerId): void {
    this.coordinator.onTimer(ctx, id);
  }

  inspect(): NodeView {
    return { role: 'replica' };
  }
}
