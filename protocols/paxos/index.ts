// Single-decree Paxos as a Faultline protocol: the protocol object the registry lists.
import type { Protocol } from '../../sim/protocol.js';
import { PaxosClient } from './client.js';
import { paxosConfigSchema, type PaxosConfig } from './config.js';
import { PAXOS_INVARIANTS } from './invariants.js';
import { paxosMessageBytes, type PaxosMessage } from './messages.js';
import { PaxosNode } from './node.js';
import { createPaxosStats, PAXOS_STAT_LABELS } from './stats.js';
import { PAXOS_VARIANTS, paxosFlags } from './variants.js';
import { describePaxosView } from './view.js';

export const paxosProtocol: Protocol<PaxosConfig, PaxosMessage> = {
  name: 'paxos',
  description:
    'Single-decree Paxos (the Synod protocol of "Paxos Made Simple"), one instance per key: every server is ' +
    'proposer, acceptor and learner; clients propose values and learn the decided one.',
  configSchema: paxosConfigSchema,
  variants: PAXOS_VARIANTS,
  model: 'consensus',
  operations: ['propose'],
  roles: ['proposer', 'acceptor'],
  epochOf: (view) => (typeof view['ballot'] === 'number' ? view['ballot'] : 0),
  createServer: (id, setup) => new PaxosNode(id, setup.servers, setup.config, paxosFlags(setup.variant)),
  createClient: (_id, setup) =>
    new PaxosClient({
      requestTimeoutUs: setup.config.clientTimeout,
      backoffMinUs: setup.config.clientBackoff.minUs,
      backoffMaxUs: setup.config.clientBackoff.maxUs,
    }),
  invariants: PAXOS_INVARIANTS,
  messageBytes: paxosMessageBytes,
  createStats: () => createPaxosStats(),
  statLabels: PAXOS_STAT_LABELS,
  describeView: describePaxosView,
};

export type { PaxosConfig } from './config.js';
export type { PaxosMessage } from './messages.js';
export { PaxosNode } from './node.js';
export { PAXOS_VARIANTS } from './variants.js';
