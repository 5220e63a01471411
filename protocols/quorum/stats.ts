// Run summary figures from the quorum store's events: how often the store had to heal
// itself, and how (read repairs, sloppy stand-ins, hints stored and delivered,
// anti-entropy repairs, tombstones purged).
import type { ProtocolStats } from '../../sim/protocol.js';

const COUNTED: Readonly<Record<string, string>> = {
  'read-repair': 'readRepairs',
  'sloppy-target': 'sloppyTargets',
  'hint-stored': 'hintsStored',
  'hint-delivered': 'hintsDelivered',
  'anti-entropy-repair': 'antiEntropyRepairs',
  'tombstone-purged': 'tombstonesPurged',
};

export function createQuorumStats(): ProtocolStats {
  const counts: Record<string, number> = {};
  for (const name of Object.values(COUNTED)) counts[name] = 0;
  return {
    onEvent(_node, name) {
      const counter = COUNTED[name];
      if (counter !== undefined) counts[counter]! += 1;
    },
    result: () => ({ ...counts }),
  };
}
