// Run summary figures from single-decree Paxos's events, per instance (key):
//   decisions          instances some learner decided ('learn')
//   decideP50Us, decideP99Us  time to decide: the first 'propose' of an instance (a client
//                      asked some server) to its first 'learn'
//   phase1Rounds       ballots started ('prepare')
//   roundsPerDecision  phase1Rounds / decisions, two decimals (1 = no contention)
//   ballotsAbandoned   ballots preempted by a higher one ('ballot-abandoned'): duelling
//   roundTimeouts      ballots that got no quorum in time ('round-timeout'): loss, crashes
import type { ProtocolStats } from '../../sim/protocol.js';
import { percentile } from '../raft/stats.js';

/** How the figures read in the terminal summary (`--json` keeps the names). */
export const PAXOS_STAT_LABELS: Readonly<Record<string, string>> = {
  decisions: 'decisions',
  decideP50Us: 'time to decide p50',
  decideP99Us: 'time to decide p99',
  phase1Rounds: 'phase-1 rounds',
  roundsPerDecision: 'rounds per decision',
  ballotsAbandoned: 'ballots abandoned (duels)',
  roundTimeouts: 'rounds timed out',
};

export function createPaxosStats(): ProtocolStats {
  const firstProposeUs = new Map<unknown, number>();
  const decided = new Set<unknown>();
  const decideUs: number[] = [];
  let phase1Rounds = 0;
  let ballotsAbandoned = 0;
  let roundTimeouts = 0;
  return {
    onEvent(_node, name, fields, timeUs) {
      const slot = fields['slot'];
      switch (name) {
        case 'propose':
          if (!firstProposeUs.has(slot)) firstProposeUs.set(slot, timeUs);
          break;
        case 'learn':
          if (decided.has(slot)) break;
          decided.add(slot);
          decideUs.push(timeUs - (firstProposeUs.get(slot) ?? timeUs));
          break;
        case 'prepare':
          phase1Rounds++;
          break;
        case 'ballot-abandoned':
          ballotsAbandoned++;
          break;
        case 'round-timeout':
          roundTimeouts++;
          break;
      }
    },
    result() {
      const out: Record<string, number> = {
        decisions: decided.size,
        phase1Rounds,
        roundsPerDecision: decided.size === 0 ? 0 : Math.round((100 * phase1Rounds) / decided.size) / 100,
        ballotsAbandoned,
        roundTimeouts,
      };
      if (decideUs.length > 0) {
        const sorted = decideUs.slice().sort((a, b) => a - b);
        out['decideP50Us'] = percentile(sorted, 0.5);
        out['decideP99Us'] = percentile(sorted, 0.99);
      }
      return out;
    },
  };
}
