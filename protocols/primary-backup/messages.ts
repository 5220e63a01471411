// Messages between a primary and its backups. Client traffic uses protocols/kv/messages.ts.
import type { KvCommand } from '../kv/commands.js';
import { kvMessageBytes, type KvMessage } from '../kv/messages.js';
import type { KvSnapshot } from '../kv/state-machine.js';

/** The primary's stream of writes: commands[0] is write number `from` of this epoch. */
export interface Replicate {
  readonly type: 'pb-replicate';
  readonly epoch: number;
  readonly from: number;
  readonly commands: readonly KvCommand[];
}

/** A backup's position: it has applied `applied` writes of `epoch`. */
export interface ReplicateAck {
  readonly type: 'pb-ack';
  readonly epoch: number;
  readonly applied: number;
}

/** A whole copy, for a backup that is behind by an epoch or restarted. */
export interface StateTransfer {
  readonly type: 'pb-state';
  readonly epoch: number;
  readonly applied: number;
  readonly snapshot: KvSnapshot;
}

/** A backup asks for a state transfer (it is new to this epoch). */
export interface StateRequest {
  readonly type: 'pb-state-request';
  readonly epoch: number;
}

export type PbMessage = KvMessage | Replicate | ReplicateAck | StateTransfer | StateRequest;

const HEADER_BYTES = 24;

export function pbMessageBytes(msg: PbMessage): number {
  switch (msg.type) {
    case 'pb-replicate': {
      let bytes = HEADER_BYTES;
      for (const c of msg.commands) bytes += 24 + c.key.length + c.client.length;
      return bytes;
    }
    case 'pb-state':
      return HEADER_BYTES + msg.snapshot.bytes;
    case 'pb-ack':
    case 'pb-state-request':
      return HEADER_BYTES;
    default:
      return kvMessageBytes(msg);
  }
}
