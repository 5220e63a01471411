// ABD's messages: clients speak protocols/kv/messages.ts; coordinators and replicas the rest.
import type { KvValue } from '../kv/commands.js';
import { kvMessageBytes, type KvMessage } from '../kv/messages.js';
import type { Timestamp } from './timestamp.js';

/** Phase 1 (reads and multi-writer writes): what is your tagged value of `key`? */
export interface Query {
  readonly type: 'abd-query';
  readonly rid: number;
  readonly key: string;
}

export interface QueryReply {
  readonly type: 'abd-query-reply';
  readonly rid: number;
  readonly ts: Timestamp;
  readonly value: KvValue;
}

/** Phase 2 (writes and read write-backs): keep this if it is newer than yours. */
export interface Store {
  readonly type: 'abd-store';
  readonly rid: number;
  readonly key: string;
  readonly ts: Timestamp;
  readonly value: KvValue;
}

export interface StoreAck {
  readonly type: 'abd-store-ack';
  readonly rid: number;
}

export type AbdMessage = KvMessage | Query | QueryReply | Store | StoreAck;

const HEADER_BYTES = 24;

export function abdMessageBytes(msg: AbdMessage): number {
  switch (msg.type) {
    case 'abd-query':
      return HEADER_BYTES + msg.key.length;
    case 'abd-query-reply':
      return HEADER_BYTES + 16 + (typeof msg.value === 'string' ? msg.value.length : 8);
    case 'abd-store':
      return HEADER_BYTES + 16 + msg.key.length + (typeof msg.value === 'string' ? msg.value.length : 8);
    case 'abd-store-ack':
      return HEADER_BYTES;
    default:
      return kvMessageBytes(msg);
  }
}
