// 3PC's events: 2PC's (voted, committed, aborted, decided, ...) plus the third phase's.
import { messageTypes, typedLog } from '../../sim/events.js';
import { TWOPC_EVENTS } from '../twopc/events.js';
import type { ThreepcMessage } from './messages.js';

export const THREEPC_EVENTS = {
  ...TWOPC_EVENTS,
  /** A participant logged PRECOMMIT (durably) and acknowledged it. */
  precommitted: { tx: 'string' },
  /** A participant that timed out decided by the termination protocol; `heard` lists the peers' states. */
  terminated: { tx: 'string', commit: 'boolean', own: 'string', heard: 'string' },
} as const;

export const logThreepc = typedLog(THREEPC_EVENTS);

export const THREEPC_MESSAGE_TYPES = messageTypes<ThreepcMessage>()([
  'begin',
  'outcome',
  'prepare',
  'vote',
  'decision',
  'ack',
  'inquire',
  'precommit',
  'precommit-ack',
  'state-req',
  'state',
]);
