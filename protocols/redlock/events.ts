// Redlock's events, declared once with their field types. The counter group runs Raft's
// node, so Raft's events are part of the catalog too.
import { messageTypes, typedLog, type EventName, type KernelEventName } from '../../sim/events.js';
import { RAFT_EVENTS, RAFT_MESSAGE_TYPES } from '../raft/events.js';
import type { RaftMessage } from '../raft/messages.js';
import { REDLOCK_OWN_MESSAGE_TYPES, type RedlockMessage } from './messages.js';

export const REDLOCK_EVENTS = {
  ...RAFT_EVENTS,
  /** A lock server set the key for a client (SET NX succeeded). */
  granted: { key: 'string', value: 'string' },
  /** A client believes it holds the lock from now (true time), with this token, for validityUs of its clock. */
  'lock-held': { token: 'number', value: 'string', validityUs: 'number' },
  /** A client stops believing it holds the lock: released, expired by its clock, or an extension failed. */
  'lock-lost': { token: 'number', reason: 'string' },
  /** A client extended its lock (on a majority, or on fewer with the extend-minority bug). */
  extended: { token: 'number', servers: 'number', validityUs: 'number' },
  /** The resource took a request with this token (a read, or a write of `value`). */
  accepted: { token: 'number', write: 'boolean', value: 'number' },
  /** The resource refused a request: its token is lower than the highest seen. */
  fenced: { token: 'number', highest: 'number' },
} as const;

export type RedlockEventName = EventName<typeof REDLOCK_EVENTS>;
export type RedlockObservedName = RedlockEventName | KernelEventName;

export const logRedlock = typedLog(REDLOCK_EVENTS);

/** Redlock's own message types, then Raft's (the counter group runs Raft's node). */
export const REDLOCK_MESSAGE_TYPES: readonly string[] = [
  ...messageTypes<Exclude<RedlockMessage, RaftMessage>>()(REDLOCK_OWN_MESSAGE_TYPES),
  ...RAFT_MESSAGE_TYPES,
];
