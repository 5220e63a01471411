// The Dynamo-style quorum store as a Faultline protocol: the object the registry lists.
import type { Protocol } from '../../sim/protocol.js';
import { createQuorumClient } from './client.js';
import { quorumConfigSchema, type QuorumConfig } from './config.js';
import { quorumMessageBytes, type QuorumMessage } from './messages.js';
import { QuorumNode } from './node.js';
import { createQuorumStats } from './stats.js';
import { QUORUM_VARIANTS, quorumFlags } from './variants.js';

export const QUORUM_OPERATIONS = ['get', 'put', 'delete', 'append'] as const;

export const quorumProtocol: Protocol<QuorumConfig, QuorumMessage> = {
  name: 'quorum',
  description:
    'A Dynamo-style leaderless store: consistent hashing with virtual nodes, N/W/R quorums (or ONE/QUORUM/ALL), ' +
    'LWW timestamps or vector clocks with siblings, read repair, sloppy quorums with hinted handoff, anti-entropy, tombstones.',
  configSchema: quorumConfigSchema,
  variants: QUORUM_VARIANTS,
  model: 'kv',
  operations: QUORUM_OPERATIONS,
  roles: ['replica'],
  createServer: (_id, setup) => new QuorumNode(setup.servers, setup.config, quorumFlags(setup.variant)),
  createClient: (_id, setup) => createQuorumClient(setup.config),
  invariants: [],
  messageBytes: quorumMessageBytes,
  createStats: () => createQuorumStats(),
  describeView: (view) =>
    `coordinating ${String(view['coordinating'])} hints ${String(view['hints'])} tombstones ${String(view['tombstones'])}`,
};

export type { QuorumConfig } from './config.js';
export { QUORUM_VARIANTS } from './variants.js';
