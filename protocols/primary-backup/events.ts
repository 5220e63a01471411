// Primary-backup's events and message types, declared once (see sim/events.ts).
import { messageTypes, typedLog } from '../../sim/events.js';
import type { PbMessage } from './messages.js';

export const PB_EVENTS = {
  'became-primary': { epoch: 'number' },
  'stepped-down': { epoch: 'number' },
} as const;

export const logPb = typedLog(PB_EVENTS);

export const PB_MESSAGE_TYPES = messageTypes<PbMessage>()([
  'kv-request',
  'kv-reply',
  'pb-replicate',
  'pb-ack',
  'pb-state',
  'pb-state-request',
]);
