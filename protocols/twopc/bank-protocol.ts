// What 2PC and 3PC (protocols/threepc/) share as Protocol fields: the bank they run (Jepsen's
// bank test: transfers and audits, checked against the `bank` model), the roles and
// service kinds, the checks of atomic commitment and of the bank, and the summary figures.
import type { Protocol } from '../../sim/protocol.js';
import type { TwopcConfig } from './config.js';
import { TWOPC_INVARIANTS } from './invariants.js';
import { TwopcStats } from './stats.js';
import { bankGenerator } from './workload.js';

export const BANK_PROTOCOL_PARTS = {
  model: 'bank',
  workloads: { default: bankGenerator },
  operations: ['transfer', 'read'],
  roles: ['coordinator', 'participant', 'in-doubt'],
  uniqueRoles: ['coordinator'],
  kinds: ['coordinator', 'shard'],
  invariants: TWOPC_INVARIANTS,
  createStats: () => new TwopcStats(),
} as const satisfies Partial<Protocol<TwopcConfig, never>>;
