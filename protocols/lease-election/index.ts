// Lease-based leader election: the "lease row in a database" pattern. Instances (the
// clients) compete for one lease row in a database node; the holder renews it and does
// the work, a read-modify-write on a protected resource (Redlock's storage service),
// fenced by the lease epoch when `fencing` is on. A pause, or drift beyond the margin,
// makes two instances believe they lead; fencing keeps the work safe anyway. A scenario
// declares two service groups: `db` (one node) and `storage` (one node).
import type { z } from 'zod';
import type { Protocol } from '../../sim/protocol.js';
import { Storage } from '../redlock/storage.js';
import { leaseConfigSchema, type LeaseConfig } from './config.js';
import { LEASE_EVENTS, LEASE_MESSAGE_TYPES } from './events.js';
import { LeaseInstance } from './instance.js';
import { LEASE_INVARIANTS } from './invariants.js';
import { LeaseDb } from './lease-db.js';
import { leaseMessageBytes, type LeaseMessage } from './messages.js';
import { createLeaseStats, LEASE_STAT_LABELS } from './stats.js';
import { LEASE_VARIANTS, leaseFlags } from './variants.js';
import { workProgram } from './workload.js';

export const LEASE_KINDS = ['db', 'storage'] as const;

function only(services: Readonly<Record<string, readonly string[]>>, name: string): string {
  const ids = services[name];
  if (ids?.length !== 1) throw new Error(`lease-election needs a service group "${name}" of one node (services: db, storage)`);
  return ids[0]!;
}

export const leaseElectionProtocol: Protocol<LeaseConfig, LeaseMessage> = {
  name: 'lease-election',
  description: 'lease-based leader election over a lease row in a database; the leader does fenced work on a resource',
  configSchema: leaseConfigSchema as unknown as z.ZodType<LeaseConfig>,
  variants: LEASE_VARIANTS,
  model: 'counter',
  operations: ['add', 'read'],
  roles: ['lease-db', 'storage', 'leader', 'follower'],
  uniqueRoles: ['leader'],
  kinds: LEASE_KINDS,
  workloads: { default: () => workProgram() },
  createServer: (_id, setup) =>
    setup.kind === 'storage' ? new Storage(setup.config.fencing) : new LeaseDb(setup.config, leaseFlags(setup.variant)),
  createClient: (_id, setup) =>
    new LeaseInstance(setup.config, leaseFlags(setup.variant), only(setup.services, 'db'), only(setup.services, 'storage')),
  invariants: LEASE_INVARIANTS,
  events: LEASE_EVENTS,
  messageTypes: LEASE_MESSAGE_TYPES,
  messageBytes: leaseMessageBytes,
  createStats: () => createLeaseStats(),
  statLabels: LEASE_STAT_LABELS,
  epochOf: (view) => (typeof view['epoch'] === 'number' ? view['epoch'] : 0),
};
