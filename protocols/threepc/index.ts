// Three-phase commit across shards, the contrast to 2PC (docs/protocols/2pc.md, "Three-
// phase commit"). It reuses 2PC's bank (config, accounts, workload, client), its
// participant state, roles and recovery, its checks and its summary figures; the third
// phase (PRECOMMIT) and the timeouts are what it adds. It does not block when nodes
// merely crash, and it decides differently on the two sides of a partition.
import type { Protocol } from '../../sim/protocol.js';
import type { ClientNode } from '../../sim/types.js';
import { BANK_PROTOCOL_PARTS } from '../twopc/bank-protocol.js';
import { TwopcClient } from '../twopc/client.js';
import { topologyOf } from '../twopc/config.js';
import { twopcFlags } from '../twopc/variants.js';
import { threepcConfigSchema, type ThreepcConfig } from './config.js';
import { ThreepcCoordinator } from './coordinator.js';
import { THREEPC_EVENTS, THREEPC_MESSAGE_TYPES } from './events.js';
import { threepcMessageBytes, type ThreepcMessage } from './messages.js';
import { ThreepcParticipant } from './participant.js';

/** 3PC has no bug switches: its partition scenario shows the protocol's own limit. */
const CORRECT = twopcFlags(null);

export const threepcProtocol: Protocol<ThreepcConfig, ThreepcMessage> = {
  name: '3pc',
  description: 'three-phase commit of bank transfers across shards: PRECOMMIT, timeouts and a termination protocol; no blocking on crashes, split decisions under partitions',
  ...BANK_PROTOCOL_PARTS,
  configSchema: threepcConfigSchema,
  variants: {},
  createServer: (id, setup) => {
    const topology = topologyOf(setup.services);
    return setup.kind === 'coordinator' ? new ThreepcCoordinator(setup.config, topology, CORRECT) : new ThreepcParticipant(id, setup.config, topology, CORRECT);
  },
  createClient: (_id, setup) => new TwopcClient(topologyOf(setup.services).coordinator) as ClientNode<ThreepcMessage>,
  events: THREEPC_EVENTS,
  messageTypes: THREEPC_MESSAGE_TYPES,
  messageBytes: threepcMessageBytes,
  describeView: (view) =>
    view.role === 'coordinator'
      ? `coordinator active ${String(view['active'])} precommitting ${String(view['precommitting'])} unacked ${String(view['unacked'])}`
      : `participant total ${String(view['total'])} in doubt ${String(view['inDoubt'])} precommitted ${String(view['precommitted'])} locks ${String(view['locked'])}`,
};
