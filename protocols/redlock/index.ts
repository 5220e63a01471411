// Redlock (antirez's distributed lock over independent Redis servers), the fencing tokens
// Kleppmann asked for, and the resource they protect. A scenario declares four service
// groups: `lock` (the lock servers), `storage` (the protected resource), and `counter`
// (Raft's node, or kind `single-counter` for the unsafe one-node counter).
import type { z } from 'zod';
import type { Protocol } from '../../sim/protocol.js';
import { RedlockClient } from './client.js';
import { redlockConfigSchema, type RedlockConfig } from './config.js';
import { raftCounterNode, SingleCounter } from './counter.js';
import { REDLOCK_EVENTS, REDLOCK_MESSAGE_TYPES } from './events.js';
import { REDLOCK_INVARIANTS } from './invariants.js';
import { LockServer } from './lock-server.js';
import { redlockMessageBytes, type RedlockMessage } from './messages.js';
import { Storage } from './storage.js';
import { REDLOCK_VARIANTS, redlockFlags } from './variants.js';
import { LOCK_HISTORY, lockProgram } from './workload.js';

export const REDLOCK_KINDS = ['lock', 'storage', 'counter', 'single-counter'] as const;

function group(services: Readonly<Record<string, readonly string[]>>, name: string): readonly string[] {
  const ids = services[name];
  if (ids === undefined || ids.length === 0) throw new Error(`redlock needs a service group "${name}" (services: lock, storage, counter)`);
  return ids;
}

export const redlockProtocol: Protocol<RedlockConfig, RedlockMessage> = {
  name: 'redlock',
  description: 'Redlock over independent lock servers, with fencing tokens from a Raft counter guarding a storage service',
  configSchema: redlockConfigSchema as unknown as z.ZodType<RedlockConfig>,
  variants: REDLOCK_VARIANTS,
  model: 'counter',
  histories: {
    [LOCK_HISTORY]: {
      model: 'lock',
      description: 'acquire/release with fencing tokens; a lease that lapses shows as a lock violation, so it is reported, not judged',
      reportOnly: true,
    },
  },
  operations: ['acquire', 'add', 'read', 'release'],
  roles: ['lock-server', 'storage', 'counter', 'leader', 'follower', 'candidate', 'precandidate', 'client', 'lock-holder'],
  kinds: REDLOCK_KINDS,
  workloads: { default: () => lockProgram() },
  createServer: (id, setup) => {
    const flags = redlockFlags(setup.variant);
    switch (setup.kind) {
      case 'storage':
        return new Storage(setup.config.fencing && !flags.uncheckedTokens);
      case 'counter':
        return raftCounterNode(id, group(setup.services, 'counter'));
      case 'single-counter':
        return new SingleCounter();
      default: {
        const locks = setup.group === null ? setup.servers : group(setup.services, setup.group);
        const replica = setup.config.lockMode === 'replicated' && id === locks[0] ? (locks[1] ?? null) : null;
        return new LockServer(setup.config, replica);
      }
    }
  },
  createClient: (_id, setup) =>
    new RedlockClient(
      setup.config,
      redlockFlags(setup.variant),
      group(setup.services, 'lock'),
      group(setup.services, 'storage')[0]!,
      group(setup.services, 'counter'),
    ),
  invariants: REDLOCK_INVARIANTS,
  events: REDLOCK_EVENTS,
  messageTypes: REDLOCK_MESSAGE_TYPES,
  messageBytes: redlockMessageBytes,
};
