// The quorum store's client: the shared kv client (protocols/kv/client.ts) with an adapter
// that carries vector clock contexts. Any server coordinates, so the client simply tries
// servers in turn. After each reply it keeps the context (the merged clock of the versions
// it saw) for that key and sends it with its next write of the key: that write supersedes
// every sibling the client saw, which is how siblings are merged.
import { createKvClient, type KvClient, type KvClientAdapter, type KvReplyView } from '../kv/client.js';
import type { KvCommand } from '../kv/commands.js';
import type { QuorumConfig } from './config.js';
import type { QuorumMessage, QuorumReply } from './messages.js';
import type { VectorClock } from './versions.js';

const BACKOFF_MIN_US = 5_000;
const BACKOFF_MAX_US = 200_000;

const NO_CONTEXT: VectorClock = [];

export function quorumClientAdapter(): KvClientAdapter<QuorumMessage> {
  // Key -> the context to send with the next write; only non-empty contexts are kept (under
  // last-write-wins every context is empty, and an absent key means the same).
  const contexts = new Map<string, VectorClock>();
  let current: KvCommand | null = null;
  return {
    request(command) {
      current = command;
      return { type: 'kv-request', command, context: contexts.get(command.key) ?? NO_CONTEXT };
    },
    reply(msg): KvReplyView | null {
      if (msg.type !== 'kv-reply') return null;
      const reply = msg as QuorumReply;
      const ours = current !== null && reply.client === current.client && reply.seq === current.seq;
      if (ours && reply.outcome === 'ok' && reply.key !== undefined && reply.context !== undefined) {
        if (reply.context.length > 0) contexts.set(reply.key, reply.context);
        else contexts.delete(reply.key);
      }
      switch (reply.outcome) {
        case 'ok':
          return { kind: 'ok', client: reply.client, seq: reply.seq, value: reply.value };
        case 'fail':
          return { kind: 'fail', client: reply.client, seq: reply.seq, error: reply.error ?? 'rejected' };
        case 'redirect':
          return { kind: 'redirect', client: reply.client, seq: reply.seq, leader: null };
      }
    },
  };
}

export function createQuorumClient(config: QuorumConfig): KvClient<QuorumMessage> {
  return createKvClient(
    { requestTimeoutUs: config.clientTimeout, backoffMinUs: BACKOFF_MIN_US, backoffMaxUs: BACKOFF_MAX_US, leaderless: true },
    quorumClientAdapter(),
  );
}
