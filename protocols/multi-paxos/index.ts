// Multi-Paxos as a Faultline protocol: the protocol object the registry lists.
import type { Protocol } from '../../sim/protocol.js';
import { KV_OPERATIONS } from '../kv/commands.js';
import { createKvClient, standardKvAdapter } from '../kv/client.js';
import { multiPaxosConfigSchema, type MultiPaxosConfig } from './config.js';
import { MULTI_PAXOS_INVARIANTS } from './invariants.js';
import { multiPaxosMessageBytes, type MultiPaxosMessage } from './messages.js';
import { MultiPaxosNode } from './node.js';
import { ROLES } from './state.js';
import { createMultiPaxosStats, MULTI_PAXOS_STAT_LABELS } from './stats.js';
import { MULTI_PAXOS_VARIANTS, multiPaxosFlags } from './variants.js';
import { describeMultiPaxosView } from './view.js';

export const multiPaxosProtocol: Protocol<MultiPaxosConfig, MultiPaxosMessage> = {
  name: 'multi-paxos',
  description:
    'Multi-Paxos (Lamport, "Paxos Made Simple" section 3) replicating a key-value store: a distinguished leader ' +
    'runs phase 1 once for every open slot, recovers them on takeover (re-proposing reported values, no-ops in gaps), ' +
    'then one accept round per command; client sessions as in Raft.',
  configSchema: multiPaxosConfigSchema,
  variants: MULTI_PAXOS_VARIANTS,
  model: 'kv',
  operations: KV_OPERATIONS,
  roles: ROLES,
  // One leader at a time: `crash: leader` hits the one with the highest ballot.
  uniqueRoles: ['leader'],
  epochOf: (view) => (typeof view['ballot'] === 'number' ? view['ballot'] : 0),
  createServer: (id, setup) => new MultiPaxosNode(id, setup.servers, setup.config, multiPaxosFlags(setup.variant)),
  createClient: (_id, setup) =>
    createKvClient(
      {
        requestTimeoutUs: setup.config.clientTimeout,
        backoffMinUs: setup.config.clientBackoff.minUs,
        backoffMaxUs: setup.config.clientBackoff.maxUs,
      },
      standardKvAdapter<MultiPaxosMessage>(),
    ),
  invariants: MULTI_PAXOS_INVARIANTS,
  messageBytes: multiPaxosMessageBytes,
  createStats: (_setup, world) => createMultiPaxosStats(world),
  statLabels: MULTI_PAXOS_STAT_LABELS,
  describeView: describeMultiPaxosView,
};

export type { MultiPaxosConfig } from './config.js';
export type { MultiPaxosMessage } from './messages.js';
export { MultiPaxosNode } from './node.js';
export { MULTI_PAXOS_VARIANTS } from './variants.js';
