// 2PC's events and message types, declared once (see sim/events.ts). Invariants and
// stats read these; the fields say what each side knew when.
import { messageTypes, typedLog } from '../../sim/events.js';
import type { TwopcMessage } from './messages.js';

export const TWOPC_EVENTS = {
  /** A participant voted (yes: PREPARED is logged and its locks are held). */
  voted: { tx: 'string', yes: 'boolean', readOnly: 'boolean' },
  /** A participant applied a commit (durably); minBalance is its lowest balance after. */
  committed: { tx: 'string', minBalance: 'number' },
  /** A participant dropped a transaction it had prepared, or one it never knew (`unknown`). */
  aborted: { tx: 'string', unknown: 'boolean' },
  /** A participant released an audit's locks (read-only: commit and abort are the same). */
  released: { tx: 'string' },
  /** A participant logged ABORTED for a transaction it never prepared, to answer a peer. */
  refused: { tx: 'string' },
  /** The coordinator decided; `participants` is comma-separated; commits of transfers are forced to its log. */
  decided: { tx: 'string', commit: 'boolean', readOnly: 'boolean', participants: 'string' },
  /** The coordinator's audit saw this total across every shard. */
  audit: { tx: 'string', total: 'number', opening: 'number' },
  /** The coordinator recovered this many commit decisions from its log. */
  recovered: { decisions: 'number' },
} as const;

export const logTwopc = typedLog(TWOPC_EVENTS);

export const TWOPC_MESSAGE_TYPES = messageTypes<TwopcMessage>()(['begin', 'outcome', 'prepare', 'vote', 'decision', 'ack', 'inquire']);
