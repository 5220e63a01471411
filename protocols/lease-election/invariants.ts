// Lease election's checks, Redlock's two over its events: at most one instance believes it
// leads at any true time (the overlap, and its likely cause, are named), and the resource
// never accepts an epoch lower than one it accepted before. With fencing, the first can
// fail while the work stays safe; fenced scenarios therefore report invariants and judge
// the resource's history.
import type { Invariant } from '../../checkers/invariants.js';
import { mutualExclusion, tokensIncreasing } from '../redlock/invariants.js';

export const LEASE_INVARIANTS: readonly Invariant[] = [
  {
    name: 'single-leader',
    description: 'no two instances believe they lead at the same true time',
    create: () => mutualExclusion({ held: 'lease-held', lost: 'lease-lost', serverRole: 'lease-db', belief: 'led' }),
  },
  { name: 'tokens-increasing', description: 'the resource never accepts an epoch lower than one it accepted before', create: tokensIncreasing },
];
