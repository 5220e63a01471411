// The protocol test harness (test/support/harness/) on Raft, with what Raft tests add:
// `nodes:` for the server count, views typed as RaftView, and elections by hand.
import type { RaftMessage } from '../../../protocols/raft/messages.js';
import type { RaftNode } from '../../../protocols/raft/node.js';
import type { RaftView } from '../../../protocols/raft/view.js';
import { raftProtocol } from '../../../protocols/raft/index.js';
import { Harness, type HarnessOptions, type InFlight as AnyInFlight } from '../../support/harness/cluster.js';

export type InFlight = AnyInFlight<RaftMessage>;

export interface ClusterOptions extends Omit<HarnessOptions, 'servers' | 'services'> {
  readonly nodes?: number;
}

export class Cluster extends Harness<RaftNode, RaftMessage> {
  constructor(options: ClusterOptions = {}) {
    super(raftProtocol, { ...options, servers: options.nodes ?? 3 });
  }

  override view(id: string): RaftView {
    return super.view(id) as RaftView;
  }

  /** Fire the election timer until the node campaigns (the timer is lazy). */
  timeout(id: string): void {
    const before = this.view(id);
    for (let i = 0; i < 10; i++) {
      this.fire(id, 'election');
      const after = this.view(id);
      if (after.role !== before.role || after.term !== before.term) return;
    }
    throw new Error(`${id} did not campaign`);
  }

  /** Time out `id` and deliver everything: it should end up leader. */
  elect(id: string): void {
    this.timeout(id);
    this.deliverAll();
    if (this.view(id).role !== 'leader') throw new Error(`${id} was not elected: ${JSON.stringify(this.view(id))}`);
  }
}
