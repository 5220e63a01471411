// Sagas, orchestrated: an order walks through the order, inventory and payment services
// over a simulated message broker, and is compensated in reverse when a step fails.
// docs/protocols/saga.md.
import type { Protocol } from '../../sim/protocol.js';
import { BrokerNode } from './broker.js';
import { SagaClient } from './client.js';
import { KINDS, sagaConfigSchema, topologyOf, type SagaConfig, type ServiceName } from './config.js';
import { SAGA_EVENTS, SAGA_MESSAGE_TYPES } from './events.js';
import { SAGA_INVARIANTS } from './invariants.js';
import { sagaMessageBytes, type SagaMessage } from './messages.js';
import { OrchestratorNode } from './orchestrator.js';
import { ServiceNode } from './service.js';
import { SagaStats, SAGA_STAT_LABELS } from './stats.js';
import { sagaFlags, SAGA_VARIANTS } from './variants.js';
import { orderGenerator } from './workload.js';

export const sagaOrchestrated: Protocol<SagaConfig, SagaMessage> = {
  name: 'saga-orchestrated',
  description: 'orchestrated sagas over an at-least-once broker: durable saga log, reverse compensation, retries with backoff, idempotent services',
  configSchema: sagaConfigSchema,
  variants: SAGA_VARIANTS,
  model: 'register', // unused: saga scenarios check invariants only (orders are not register ops)
  workloads: { default: orderGenerator },
  operations: ['order'],
  roles: [...KINDS],
  uniqueRoles: [...KINDS],
  kinds: [...KINDS],
  createServer: (_id, setup) => {
    const nodes = topologyOf(setup.services);
    const flags = sagaFlags(setup.variant);
    if (setup.kind === 'broker') return new BrokerNode(setup.config, nodes);
    if (setup.kind === 'orchestrator') return new OrchestratorNode(setup.config, flags, nodes);
    return new ServiceNode(setup.kind as ServiceName, setup.config, flags, nodes);
  },
  createClient: (_id, setup) => new SagaClient(topologyOf(setup.services)),
  invariants: SAGA_INVARIANTS,
  events: SAGA_EVENTS,
  messageTypes: SAGA_MESSAGE_TYPES,
  messageBytes: sagaMessageBytes,
  createStats: () => new SagaStats(),
  statLabels: SAGA_STAT_LABELS,
  describeView: (view) => `${String(view.role)} ${Object.entries(view).filter(([k]) => k !== 'role').map(([k, v]) => `${k}=${String(v)}`).join(' ')}`,
};
