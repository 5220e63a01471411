// The client <-> server messages of a leader-based kv store. Raft uses them as they are;
// another protocol may reuse them or give the client its own adapter.
import { commandBytes, valueBytes, type KvCommand, type KvOutcome, type KvValue } from './commands.js';
import type { NodeId } from '../../sim/types.js';

/**
 * One attempt at a command. The command object is built once per op and reused by every
 * retry, so a server can put it in its log by reference.
 */
export interface KvRequest {
  readonly type: 'kv-request';
  readonly command: KvCommand;
}

/**
 * The server's answer to one request:
 * - `ok`: took effect (`value` is what a get read);
 * - `fail`: definitely did not take effect (`error` says why, e.g. cas-mismatch);
 * - `redirect`: not handled here (not the leader, or leadership lost before the outcome
 *   was known); `leader` is a hint, null when unknown. The client retries the same seq.
 */
export type KvReplyOutcome = 'ok' | 'fail' | 'redirect';

export interface KvReply {
  readonly type: 'kv-reply';
  /** The session and seq of the command answered (a restarted client has a new session). */
  readonly client: string;
  readonly seq: number;
  readonly outcome: KvReplyOutcome;
  readonly value?: KvValue;
  readonly error?: string;
  readonly leader?: NodeId | null;
  /**
   * With a redirect, optionally: the servers to try from now on (a protocol whose
   * membership changed tells its clients the configuration it knows).
   */
  readonly members?: readonly NodeId[];
}

export type KvMessage = KvRequest | KvReply;

const KV_HEADER_BYTES = 32;

export function kvMessageBytes(msg: KvMessage): number {
  if (msg.type === 'kv-request') {
    return KV_HEADER_BYTES + commandBytes(msg.command);
  }
  return KV_HEADER_BYTES + (msg.value === undefined ? 0 : valueBytes(msg.value)) + 8 * (msg.members?.length ?? 0);
}

export function redirectReply(command: KvCommand, leader: NodeId | null, members?: readonly NodeId[]): KvReply {
  const reply: KvReply = { type: 'kv-reply', client: command.client, seq: command.seq, outcome: 'redirect', leader };
  return members === undefined ? reply : { ...reply, members };
}

export function outcomeReply(command: KvCommand, outcome: KvOutcome): KvReply {
  return outcome.type === 'ok'
    ? { type: 'kv-reply', client: command.client, seq: command.seq, outcome: 'ok', value: outcome.value }
    : { type: 'kv-reply', client: command.client, seq: command.seq, outcome: 'fail', error: outcome.error };
}
