// Sagas over a simulated message broker, in both styles: an order walks through the
// order, inventory and payment services and is compensated in reverse when a step fails.
// Orchestrated: an orchestrator with a durable saga log tells each service what to do.
// Choreographed: the services react to each other's events, published through a
// transactional outbox. Same services, broker, checks and workload. docs/protocols/saga.md.
import type { Protocol } from '../../sim/protocol.js';
import { BrokerNode } from './broker.js';
import { SagaClient } from './client.js';
import { CHOREOGRAPHED_KINDS, ORCHESTRATED_KINDS, sagaConfigSchema, topologyOf, type SagaConfig, type ServiceName } from './config.js';
import { SAGA_EVENTS, SAGA_MESSAGE_TYPES } from './events.js';
import { SAGA_INVARIANTS } from './invariants.js';
import { sagaMessageBytes, type SagaMessage } from './messages.js';
import { OrchestratorNode } from './orchestrator.js';
import { ServiceNode } from './service.js';
import { SagaStats, SAGA_STAT_LABELS } from './stats.js';
import { CHOREOGRAPHED_VARIANTS, sagaFlags, SAGA_VARIANTS } from './variants.js';
import { CHOREOGRAPHED_WIRING, ORCHESTRATED_WIRING, type Wiring } from './wiring.js';
import { orderGenerator } from './workload.js';

interface Style {
  readonly name: string;
  readonly description: string;
  readonly kinds: readonly string[];
  readonly variants: Readonly<Record<string, string>>;
  readonly wiring: Wiring;
}

function sagaProtocol(style: Style): Protocol<SagaConfig, SagaMessage> {
  return {
    name: style.name,
    description: style.description,
    configSchema: sagaConfigSchema,
    variants: style.variants,
    model: 'register', // unused: saga scenarios check invariants only (orders are not register ops)
    workloads: { default: orderGenerator },
    operations: ['order'],
    roles: [...style.kinds],
    uniqueRoles: [...style.kinds],
    kinds: [...style.kinds],
    createServer: (_id, setup) => {
      const nodes = topologyOf(setup.services, style.kinds);
      const flags = sagaFlags(setup.variant, style.variants);
      if (setup.kind === 'broker') return new BrokerNode(setup.config, nodes, style.wiring.routes);
      if (setup.kind === 'orchestrator') return new OrchestratorNode(setup.config, flags, nodes);
      return new ServiceNode(setup.kind as ServiceName, setup.config, flags, nodes, style.wiring);
    },
    createClient: (_id, setup) => {
      const nodes = topologyOf(setup.services, style.kinds);
      return new SagaClient(nodes.orchestrator ?? nodes.order);
    },
    invariants: SAGA_INVARIANTS,
    events: SAGA_EVENTS,
    messageTypes: SAGA_MESSAGE_TYPES,
    messageBytes: sagaMessageBytes,
    createStats: () => new SagaStats(),
    statLabels: SAGA_STAT_LABELS,
    describeView: (view) => `${String(view.role)} ${Object.entries(view).filter(([k]) => k !== 'role').map(([k, v]) => `${k}=${String(v)}`).join(' ')}`,
  };
}

export const sagaOrchestrated = sagaProtocol({
  name: 'saga-orchestrated',
  description: 'orchestrated sagas over an at-least-once broker: durable saga log, reverse compensation, retries with backoff and jitter, circuit breakers, idempotent services',
  kinds: ORCHESTRATED_KINDS,
  variants: SAGA_VARIANTS,
  wiring: ORCHESTRATED_WIRING,
});

export const sagaChoreographed = sagaProtocol({
  name: 'saga-choreographed',
  description: 'choreographed sagas over an at-least-once broker: services react to events, transactional outbox with a relay, idempotent consumers',
  kinds: CHOREOGRAPHED_KINDS,
  variants: CHOREOGRAPHED_VARIANTS,
  wiring: CHOREOGRAPHED_WIRING,
});
