// The quorum store's messages. Clients speak protocols/kv/messages.ts, with a vector clock
// context added in vclock mode; coordinators and replicas speak the rest.
import type { KvCommand, KvValue } from '../kv/commands.js';
import { kvMessageBytes, type KvReply } from '../kv/messages.js';
import type { NodeId } from '../../sim/types.js';
import type { Sibling, VectorClock } from './versions.js';

/** A client request; `context` is the merged clock of the versions the client last saw of the key. */
export interface QuorumRequest {
  readonly type: 'kv-request';
  readonly command: KvCommand;
  readonly context: VectorClock;
}

/** A reply to a client, with the context to send back on its next write of the key. */
export type QuorumReply = KvReply & { readonly key?: string; readonly context?: VectorClock; readonly siblings?: readonly KvValue[] };

/** Coordinator -> replica: store these versions. `hintFor` names the owner a fallback keeps them for. */
export interface ReplicaWrite {
  readonly type: 'q-write';
  readonly rid: number;
  readonly key: string;
  readonly siblings: readonly Sibling[];
  readonly hintFor: NodeId | null;
}

export interface ReplicaWriteAck {
  readonly type: 'q-write-ack';
  readonly rid: number;
  readonly key: string;
}

export interface ReplicaRead {
  readonly type: 'q-read';
  readonly rid: number;
  readonly key: string;
}

export interface ReplicaReadReply {
  readonly type: 'q-read-reply';
  readonly rid: number;
  readonly key: string;
  readonly siblings: readonly Sibling[];
}

/** A fallback hands a hinted write to its owner. */
export interface HintHandoff {
  readonly type: 'q-hint';
  readonly key: string;
  readonly siblings: readonly Sibling[];
}

export interface HintHandoffAck {
  readonly type: 'q-hint-ack';
  readonly key: string;
  readonly siblings: readonly Sibling[];
}

/** Anti-entropy: per-bucket digests of the keys both nodes replicate. */
export interface DigestExchange {
  readonly type: 'q-digest';
  readonly digests: readonly number[];
}

/** Anti-entropy: the sender's versions of every key in buckets that differ; `reply` asks for ours back. */
export interface DigestSync {
  readonly type: 'q-sync';
  readonly buckets: readonly number[];
  readonly entries: readonly (readonly [string, readonly Sibling[]])[];
  readonly reply: boolean;
}

/** Tombstone purge: does every replica hold this tombstone (or something newer)? */
export interface PurgeCheck {
  readonly type: 'q-purge-check';
  readonly key: string;
  readonly siblings: readonly Sibling[];
}

export interface PurgeCheckReply {
  readonly type: 'q-purge-reply';
  readonly key: string;
  readonly holds: boolean;
}

/** Every replica confirmed the tombstone: purge it if you still hold exactly it. */
export interface Purge {
  readonly type: 'q-purge';
  readonly key: string;
  readonly siblings: readonly Sibling[];
}

export type QuorumMessage =
  | QuorumRequest
  | QuorumReply
  | ReplicaWrite
  | ReplicaWriteAck
  | ReplicaRead
  | ReplicaReadReply
  | HintHandoff
  | HintHandoffAck
  | DigestExchange
  | DigestSync
  | PurgeCheck
  | PurgeCheckReply
  | Purge;

const HEADER_BYTES = 24;

function siblingsBytes(siblings: readonly Sibling[]): number {
  let bytes = 0;
  for (const s of siblings) bytes += 24 + (typeof s.value === 'string' ? s.value.length : 8) + 16 * s.clock.length;
  return bytes;
}

export function quorumMessageBytes(msg: QuorumMessage): number {
  switch (msg.type) {
    case 'kv-request':
      return kvMessageBytes(msg) + 16 * msg.context.length;
    case 'kv-reply':
      return kvMessageBytes(msg) + 16 * (msg.context?.length ?? 0);
    case 'q-write':
    case 'q-read-reply':
    case 'q-hint':
    case 'q-hint-ack':
    case 'q-purge-check':
    case 'q-purge':
      return HEADER_BYTES + msg.key.length + siblingsBytes(msg.siblings);
    case 'q-write-ack':
    case 'q-read':
    case 'q-purge-reply':
      return HEADER_BYTES + msg.key.length;
    case 'q-digest':
      return HEADER_BYTES + 8 * msg.digests.length;
    case 'q-sync': {
      let bytes = HEADER_BYTES + 4 * msg.buckets.length;
      for (const [key, siblings] of msg.entries) bytes += key.length + siblingsBytes(siblings);
      return bytes;
    }
  }
}
