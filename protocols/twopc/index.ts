// Two-phase commit across shards, with presumed abort, durable logs on both sides,
// recovery, locks held in doubt and cooperative termination. docs/protocols/2pc.md.
import type { Protocol } from '../../sim/protocol.js';
import { BANK_PROTOCOL_PARTS } from './bank-protocol.js';
import { TwopcClient } from './client.js';
import { topologyOf, twopcConfigSchema, type TwopcConfig } from './config.js';
import { CoordinatorNode } from './coordinator.js';
import { TWOPC_EVENTS, TWOPC_MESSAGE_TYPES } from './events.js';
import { twopcMessageBytes, type TwopcMessage } from './messages.js';
import { ParticipantNode } from './participant.js';
import { twopcFlags, TWOPC_VARIANTS } from './variants.js';

export const twopcProtocol: Protocol<TwopcConfig, TwopcMessage> = {
  name: '2pc',
  description: 'two-phase commit of bank transfers across shards: presumed abort, recovery, cooperative termination; blocks when the coordinator is down',
  ...BANK_PROTOCOL_PARTS,
  configSchema: twopcConfigSchema,
  variants: TWOPC_VARIANTS,
  createServer: (id, setup) => {
    const topology = topologyOf(setup.services);
    const flags = twopcFlags(setup.variant);
    return setup.kind === 'coordinator' ? new CoordinatorNode(setup.config, topology, flags) : new ParticipantNode(id, setup.config, topology, flags);
  },
  createClient: (_id, setup) => new TwopcClient(topologyOf(setup.services).coordinator),
  events: TWOPC_EVENTS,
  messageTypes: TWOPC_MESSAGE_TYPES,
  messageBytes: twopcMessageBytes,
  describeView: (view) =>
    view.role === 'coordinator'
      ? `coordinator active ${String(view['active'])} unacked ${String(view['unacked'])}`
      : `participant total ${String(view['total'])} in doubt ${String(view['inDoubt'])} locks ${String(view['locked'])}`,
};
