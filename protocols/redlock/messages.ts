// Redlock's messages: the lock servers' SET NX PX / compare-and-delete / extend, the
// storage service's fenced read and write, and (for the token counter) the kv messages
// Raft already speaks, so the counter group runs Raft's own node code.
import type { KvMessage } from '../kv/messages.js';
import { raftMessageBytes, type RaftMessage } from '../raft/messages.js';

/** SET key value NX PX ttl (nx false with `expireOnly`: the two-step SETNX, then EXPIRE). */
export interface LockSet {
  readonly type: 'lock-set';
  readonly attempt: number;
  readonly key: string;
  readonly value: string;
  /** null: no expiry (SETNX without PX, the first of the two steps). */
  readonly ttlUs: number | null;
}
/** PEXPIRE if the value matches (extension, or EXPIRE after SETNX). */
export interface LockExpire {
  readonly type: 'lock-expire';
  readonly attempt: number;
  readonly key: string;
  readonly value: string;
  readonly ttlUs: number;
}
/** Release: compare-and-delete (the Lua script), or a plain DEL when `plain`. */
export interface LockDelete {
  readonly type: 'lock-del';
  readonly attempt: number;
  readonly key: string;
  readonly value: string;
  readonly plain: boolean;
}
export interface LockReply {
  readonly type: 'lock-reply';
  readonly attempt: number;
  readonly ok: boolean;
}
/** Replicated mode: the primary copies one key's state to its replica. */
export interface LockReplicate {
  readonly type: 'lock-replicate';
  readonly key: string;
  readonly value: string | null;
  readonly expiresAtUs: number | null;
}
export interface StorageRead {
  readonly type: 'storage-read';
  readonly request: number;
  readonly token: number;
}
export interface StorageWrite {
  readonly type: 'storage-write';
  readonly request: number;
  readonly token: number;
  readonly value: number;
}
export interface StorageReply {
  readonly type: 'storage-reply';
  readonly request: number;
  /** False: refused, the token was lower than the highest seen. */
  readonly ok: boolean;
  readonly value: number;
}

/**
 * The attempt of a lock request no one waits for (the unlock after a failed attempt, the
 * EXPIRE after a SETNX): the client sends it as with Redis's CLIENT REPLY SKIP, so the
 * server sends no reply (one the client would drop unread).
 */
export const NO_REPLY = -1;

export type LockMessage = LockSet | LockExpire | LockDelete | LockReply | LockReplicate;
export type StorageMessage = StorageRead | StorageWrite | StorageReply;
export type RedlockMessage = LockMessage | StorageMessage | RaftMessage;

export const REDLOCK_OWN_MESSAGE_TYPES = [
  'lock-set',
  'lock-expire',
  'lock-del',
  'lock-reply',
  'lock-replicate',
  'storage-read',
  'storage-write',
  'storage-reply',
] as const;

const OWN_MESSAGE_BYTES = 64;

/** Runs per message sent: a switch (the compiler checks that only Raft's types reach the default). */
export function redlockMessageBytes(msg: RedlockMessage): number {
  switch (msg.type) {
    case 'lock-set':
    case 'lock-expire':
    case 'lock-del':
    case 'lock-reply':
    case 'lock-replicate':
    case 'storage-read':
    case 'storage-write':
    case 'storage-reply':
      return OWN_MESSAGE_BYTES;
    default:
      return raftMessageBytes(msg);
  }
}

export type { KvMessage };
