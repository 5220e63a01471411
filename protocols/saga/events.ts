// The saga protocols' events and message types (see sim/events.ts). Invariants read the
// service events; the broker and orchestrator events feed the summary.
import { messageTypes, typedLog } from '../../sim/events.js';
import type { SagaMessage } from './messages.js';

export const SAGA_EVENTS = {
  /** The order service set an order's state (PENDING, COMPLETED, CANCELLED). */
  order: { saga: 'string', state: 'string' },
  /** The inventory reserved (delta > 0) or released (delta <= 0: an undo) stock for a saga, which now holds `held`. */
  stock: { saga: 'string', delta: 'number', held: 'number' },
  /** The payment service charged (delta > 0) or refunded (delta <= 0: an undo) a saga, which now holds `held`. */
  money: { saga: 'string', delta: 'number', held: 'number' },
  /** A service refused a request (declined, out of stock, already compensated): nothing changed. */
  refused: { saga: 'string', service: 'string', reason: 'string' },
  /** A service answered a redelivered command from its processed-message table. */
  duplicate: { saga: 'string', service: 'string' },
  /** The broker's deliveries since its last sweep: first deliveries of new messages, and deliveries again (a redriven or reloaded message's too). */
  deliveries: { messages: 'number', redeliveries: 'number' },
  /** The broker moved a message to the dead-letter queue after maxDeliveries. */
  'dead-lettered': { id: 'string', saga: 'string' },
  /** The broker put a dead letter back in its queue (deadLetterRedriveUs after it died). */
  redriven: { id: 'string', saga: 'string' },
  /** A circuit breaker at the orchestrator changed state: closed, open or half-open. */
  breaker: { service: 'string', state: 'string' },
  /** The orchestrator did not send a call because the service's breaker was open. */
  'short-circuited': { saga: 'string', service: 'string' },
  /** The orchestrator started a saga (durably logged unless the variant says otherwise). */
  started: { saga: 'string' },
  /** The orchestrator sent a command again after a backoff. */
  retried: { saga: 'string', service: 'string', attempt: 'number' },
  /** A saga ended: completed, or compensated. */
  ended: { saga: 'string', completed: 'boolean', latencyUs: 'number' },
  /** The orchestrator resumed this many sagas from its log after a restart. */
  resumed: { sagas: 'number' },
} as const;

export const logSaga = typedLog(SAGA_EVENTS);

export const SAGA_MESSAGE_TYPES = messageTypes<SagaMessage>()(['order', 'accepted', 'status', 'outcome', 'publish', 'published', 'deliver', 'ack']);
