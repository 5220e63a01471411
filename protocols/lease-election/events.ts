// Lease election's events, declared once with their field types. The resource is Redlock's
// storage service, so its `accepted` and `fenced` events are part of the catalog.
import { messageTypes, typedLog, type EventName } from '../../sim/events.js';
import { REDLOCK_EVENTS } from '../redlock/events.js';
import type { LeaseMessage } from './messages.js';

export const LEASE_EVENTS = {
  /** The database gave the lease to a new holder (epoch grew), or renewed it. */
  'lease-granted': { holder: 'string', epoch: 'number', renewal: 'boolean' },
  /** An instance believes it leads from now (true time) under this epoch, for validityUs of its clock. */
  'lease-held': { token: 'number', validityUs: 'number' },
  /** An instance stops believing it leads: its clock says the lease ran out, or a renewal was refused. */
  'lease-lost': { token: 'number', reason: 'string' },
  accepted: REDLOCK_EVENTS.accepted,
  fenced: REDLOCK_EVENTS.fenced,
} as const;

export type LeaseEventName = EventName<typeof LEASE_EVENTS>;

export const logLease = typedLog(LEASE_EVENTS);

export const LEASE_MESSAGE_TYPES: readonly string[] = messageTypes<LeaseMessage>()([
  'lease-acquire',
  'lease-reply',
  'storage-read',
  'storage-write',
  'storage-reply',
]);
