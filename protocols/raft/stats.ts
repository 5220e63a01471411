// Run summary figures from Raft's events (true time, as the kernel passes it):
//   leaderElections     'became-leader' events
//   leaderlessUs        time with no leader: from the run start, a leader's crash (the kernel
//                       passes 'crash'), step-down or reboot, or an election for a newer term
//                       ('became-candidate'; with preVote that means a quorum lost the leader),
//                       until 'became-leader'.
//   commitLatencyP50Us, commitLatencyP99Us: a leader's 'propose' to its 'commit' covering it
//   commitsMeasured     how many proposals those percentiles cover
//   configChanges       configuration entries leaders appended ('config'); only when some were
import type { NodeId } from '../../sim/types.js';
import type { ProtocolStats } from '../../sim/protocol.js';
import { raftName } from './events.js';

interface Proposal {
  readonly index: number;
  readonly atUs: number;
}

/** The p-quantile of sorted values (nearest rank). Non-empty input. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/** How the figures read in the terminal summary (`--json` keeps the names above). */
export const RAFT_STAT_LABELS: Readonly<Record<string, string>> = {
  leaderElections: 'leader elections',
  leaderlessUs: 'time without a leader',
  commitsMeasured: 'commits measured',
  commitLatencyP50Us: 'commit latency p50',
  commitLatencyP99Us: 'commit latency p99',
};

/** How the leader figures read a protocol's events (Multi-Paxos reuses them). */
export interface LeaderStatsOptions {
  /** The event field that orders leaders: Raft's `term`, a Paxos `ballot`. */
  readonly termField: string;
  /**
   * Raft (with pre-vote): a campaign for a newer term means a quorum lost the leader, so
   * the leaderless time starts there. Paxos has no pre-vote: a cut-off server campaigns
   * alone while the leader works, so only the winning campaign counts, from its start.
   */
  readonly campaignMeansLeaderLost: boolean;
}

const RAFT_LEADER_STATS: LeaderStatsOptions = { termField: 'term', campaignMeansLeaderLost: true };

export function createRaftStats(options: LeaderStatsOptions = RAFT_LEADER_STATS): ProtocolStats {
  const { termField, campaignMeansLeaderLost } = options;
  const campaignStartUs = new Map<NodeId, number>();
  let elections = 0;
  let leader: NodeId | null = null;
  let leaderTerm = 0;
  let leaderlessSinceUs: number | null = 0;
  let leaderlessUs = 0;
  let proposals: Proposal[] = [];
  let head = 0;
  const latenciesUs: number[] = [];
  let configChanges = 0;

  const loseLeader = (timeUs: number): void => {
    leader = null;
    if (leaderlessSinceUs === null) leaderlessSinceUs = timeUs;
  };

  return {
    onEvent(node, name, fields, timeUs) {
      switch (raftName(name)) {
        case 'became-leader':
          elections++;
          if (leaderlessSinceUs !== null) leaderlessUs += timeUs - leaderlessSinceUs;
          else if (!campaignMeansLeaderLost && leader !== node) leaderlessUs += timeUs - (campaignStartUs.get(node) ?? timeUs);
          leaderlessSinceUs = null;
          leader = node;
          leaderTerm = typeof fields[termField] === 'number' ? fields[termField] : leaderTerm;
          proposals = [];
          head = 0;
          break;
        case 'became-candidate':
          campaignStartUs.set(node, timeUs);
          if (!campaignMeansLeaderLost) break;
          if (node === leader || (typeof fields[termField] === 'number' && fields[termField] > leaderTerm)) {
            loseLeader(timeUs);
          }
          break;
        case 'crash':
        case 'became-follower':
        case 'became-precandidate':
        case 'boot':
          if (node === leader) loseLeader(timeUs);
          break;
        case 'config':
          configChanges++;
          break;
        case 'propose':
          if (node === leader && typeof fields['index'] === 'number') proposals.push({ index: fields['index'], atUs: timeUs });
          break;
        case 'commit': {
          if (node !== leader || typeof fields['index'] !== 'number') break;
          const index = fields['index'];
          while (head < proposals.length && proposals[head]!.index <= index) {
            latenciesUs.push(timeUs - proposals[head]!.atUs);
            head++;
          }
          if (head > 1024) {
            proposals = proposals.slice(head);
            head = 0;
          }
          break;
        }
      }
    },
    result(endUs) {
      const out: Record<string, number> = {
        leaderElections: elections,
        leaderlessUs: leaderlessUs + (leaderlessSinceUs === null ? 0 : Math.max(0, endUs - leaderlessSinceUs)),
        commitsMeasured: latenciesUs.length,
      };
      if (configChanges > 0) out['configChanges'] = configChanges;
      if (latenciesUs.length > 0) {
        const sorted = latenciesUs.slice().sort((a, b) => a - b);
        out['commitLatencyP50Us'] = percentile(sorted, 0.5);
        out['commitLatencyP99Us'] = percentile(sorted, 0.99);
      }
      return out;
    },
  };
}
