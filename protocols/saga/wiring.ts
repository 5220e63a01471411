// How services are wired into a saga, one table per style. Orchestrated: a service gets
// commands from the orchestrator and publishes its reply to the orchestrator's queue.
// Choreographed: there is no one in charge; a service reacts to the events it subscribes
// to (REACTIONS) and announces what its local transaction did (ANNOUNCES), through a
// transactional outbox. The broker's routes (topic -> queues) come from the same tables.
import { ORCHESTRATOR, STEPS, type ServiceName } from './config.js';
import type { Action, Body, Command, Reply } from './messages.js';

/** What a service publishes once its local transaction is durable. */
export interface Outgoing {
  readonly queue: string;
  readonly id: string;
  readonly body: Body;
}

export interface Wiring {
  /** The command a delivery asks of `service`, or null (nothing for it). */
  commandOf(service: ServiceName, body: Body): Command | null;
  /** What to publish after a command's result: the reply, the next event, or nothing. */
  announce(service: ServiceName, command: Command, reply: Reply): Outgoing | null;
  /** Publish through a transactional outbox with a relay (choreographed) or directly (orchestrated: the orchestrator retries). */
  readonly outbox: boolean;
  /** Broker routes: a published queue or topic -> the queues it is delivered to. */
  readonly routes: Readonly<Record<string, readonly string[]>>;
}

export const ORCHESTRATED_WIRING: Wiring = {
  commandOf: (_service, body) => (body.kind === 'command' ? body : null),
  announce: (service, command, reply) => ({ queue: ORCHESTRATOR, id: `r:${service}:${command.saga}:${command.action}`, body: reply }),
  outbox: false,
  routes: Object.fromEntries([...STEPS, ORCHESTRATOR].map((queue) => [queue, [queue]])),
};

/** Choreographed: event name -> the service that reacts, and with which action. */
export const REACTIONS: Readonly<Record<string, { readonly service: ServiceName; readonly action: Action }>> = {
  'order-created': { service: 'inventory', action: 'do' },
  'stock-reserved': { service: 'payment', action: 'do' },
  'stock-refused': { service: 'order', action: 'undo' },
  'payment-charged': { service: 'order', action: 'finish' },
  'payment-declined': { service: 'inventory', action: 'undo' },
  'stock-released': { service: 'order', action: 'undo' },
};

/** Choreographed: what a service announces after an action, [if it held, if it was refused]; absent: the saga is over. */
export const ANNOUNCES: Readonly<Record<ServiceName, Partial<Record<Action, readonly [string, string]>>>> = {
  order: { do: ['order-created', 'order-created'] },
  inventory: { do: ['stock-reserved', 'stock-refused'], undo: ['stock-released', 'stock-released'] },
  payment: { do: ['payment-charged', 'payment-declined'] },
};

export const CHOREOGRAPHED_WIRING: Wiring = {
  commandOf: (service, body) => {
    const reaction = body.kind === 'event' ? REACTIONS[body.name] : undefined;
    if (body.kind !== 'event' || reaction === undefined || reaction.service !== service) return null;
    return { kind: 'command', saga: body.saga, action: reaction.action, qty: body.qty, amount: body.amount };
  },
  announce: (service, command, reply) => {
    const names = ANNOUNCES[service][command.action];
    if (names === undefined) return null;
    const name = reply.ok ? names[0] : names[1];
    return { queue: name, id: `e:${name}:${command.saga}`, body: { kind: 'event', saga: command.saga, name, qty: command.qty, amount: command.amount } };
  },
  outbox: true,
  routes: Object.fromEntries(Object.entries(REACTIONS).map(([name, r]) => [name, [r.service]])),
};
