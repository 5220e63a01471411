// Raft as a Faultline protocol: the protocol object the registry lists.
import type { Protocol } from '../../sim/protocol.js';
import { KV_OPERATIONS } from '../kv/commands.js';
import { createKvClient, standardKvAdapter } from '../kv/client.js';
import { raftConfigSchema, type RaftConfig } from './config.js';
import { RAFT_EVENTS, RAFT_MESSAGE_TYPES } from './events.js';
import { RAFT_INVARIANTS } from './invariants.js';
import { raftMessageBytes, type RaftMessage } from './messages.js';
import { RaftNode } from './node.js';
import { ROLES } from './state.js';
import { createRaftStats, RAFT_STAT_LABELS } from './stats.js';
import { RAFT_VARIANTS, raftFlags } from './variants.js';
import { describeRaftView } from './view.js';

export const raftProtocol: Protocol<RaftConfig, RaftMessage> = {
  name: 'raft',
  description:
    'Raft consensus (Ongaro & Ousterhout) replicating a key-value store: elections with pre-vote ' +
    'and check-quorum, log replication with fast backup, snapshots, ReadIndex/lease/log reads, client sessions.',
  configSchema: raftConfigSchema,
  variants: RAFT_VARIANTS,
  model: 'kv',
  operations: KV_OPERATIONS,
  roles: ROLES,
  uniqueRoles: ['leader'],
  epochOf: (view) => (typeof view['term'] === 'number' ? view['term'] : 0),
  createServer: (id, setup) => new RaftNode(id, setup.servers, setup.config, raftFlags(setup.variant)),
  createClient: (_id, setup) =>
    createKvClient(
      {
        requestTimeoutUs: setup.config.clientTimeout,
        backoffMinUs: setup.config.clientBackoff.minUs,
        backoffMaxUs: setup.config.clientBackoff.maxUs,
      },
      standardKvAdapter<RaftMessage>(),
    ),
  invariants: RAFT_INVARIANTS,
  events: RAFT_EVENTS,
  messageTypes: RAFT_MESSAGE_TYPES,
  messageBytes: raftMessageBytes,
  createStats: (_setup, world) => createRaftStats(undefined, world),
  statLabels: RAFT_STAT_LABELS,
  describeView: describeRaftView,
};

export type { RaftConfig } from './config.js';
export type { RaftMessage } from './messages.js';
export { RaftNode } from './node.js';
export { RAFT_VARIANTS } from './variants.js';
