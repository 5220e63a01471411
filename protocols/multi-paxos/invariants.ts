// Multi-Paxos's invariants: Paxos's own per slot (agreement, validity, acceptor-monotonic,
// protocols/paxos/invariants.ts) and State Machine Safety across the kv replicas, the same
// check Raft runs (protocols/invariant-helpers.ts).
import type { Invariant } from '../../checkers/invariants.js';
import { stateMachineSafety } from '../invariant-helpers.js';
import { PAXOS_INVARIANTS } from '../paxos/invariants.js';

export const MULTI_PAXOS_INVARIANTS: readonly Invariant[] = [...PAXOS_INVARIANTS, stateMachineSafety];
