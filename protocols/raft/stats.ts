// Run summary figures from Raft's events (true time, as the kernel passes it):
//   leaderElections     'became-leader' events
//   leaderlessUs        time without a leader: the true time during which no server could
//                       serve. A server can serve while it is the newest leader (its latest
//                       'became-leader' and no 'crash', 'boot', step-down or campaign of its
//                       own since) and the kernel says it reaches a majority
//                       (StatsWorld.reachesMajority: up, not paused, links to a majority of
//                       up members working both ways). A lone cut-off candidate deposes
//                       nobody; a leader cut off from the majority stops serving at the cut,
//                       even while it still believes it leads.
//   commitLatencyP50Us, commitLatencyP99Us: a leader's 'propose' to its 'commit' covering it
//   commitsMeasured     how many proposals those percentiles cover
//   configChanges       configuration entries leaders appended ('config'); only when some were
import type { NodeId } from '../../sim/types.js';
import type { ProtocolStats, StatsWorld } from '../../sim/protocol.js';
import { valuesAtRanks } from '../../checkers/measures/op-stats.js';
import { raftName } from './events.js';

interface Proposal {
  readonly index: number;
  readonly atUs: number;
}

/** The p-quantile of sorted values (nearest rank). Non-empty input. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted[rankOf(sorted.length, p)]!;
}

/** The rank `percentile` reads for p among n values. */
function rankOf(n: number, p: number): number {
  return Math.max(0, Math.ceil(p * n) - 1);
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
  /**
   * Paxos: a new leader's winning campaign counts as leaderless from its start even when
   * the old leader could still serve (a duel stalls the old leader's slots). Raft: a
   * campaign counts nothing by itself; only whether some leader could serve.
   */
  readonly winningCampaignCounts: boolean;
}

const RAFT_LEADER_STATS: LeaderStatsOptions = { winningCampaignCounts: false };

/** Without a kernel (unit tests of the figures): every leader reaches its majority. */
const CONNECTED: StatsWorld = { reachesMajority: () => true };

export function createRaftStats(options: LeaderStatsOptions = RAFT_LEADER_STATS, world: StatsWorld = CONNECTED): ProtocolStats {
  const { winningCampaignCounts } = options;
  const campaignStartUs = new Map<NodeId, number>();
  let elections = 0;
  let leader: NodeId | null = null;
  let leaderlessSinceUs: number | null = 0;
  let leaderlessUs = 0;
  let proposals: Proposal[] = [];
  let head = 0;
  const latenciesUs: number[] = [];
  let configChanges = 0;
  /** The leader `update` last looked at: while it and the world stay the same, so does whether it can serve. */
  let checkedLeader: NodeId | null = null;

  /** After anything that may change whether a leader could serve: open or close a leaderless span. */
  const update = (timeUs: number): void => {
    checkedLeader = leader;
    const serving = leader !== null && world.reachesMajority(leader);
    if (serving && leaderlessSinceUs !== null) {
      leaderlessUs += timeUs - leaderlessSinceUs;
      leaderlessSinceUs = null;
    } else if (!serving && leaderlessSinceUs === null) {
      leaderlessSinceUs = timeUs;
    }
  };

  const commitUpTo = (index: number, timeUs: number): void => {
    while (head < proposals.length && proposals[head]!.index <= index) {
      latenciesUs.push(timeUs - proposals[head]!.atUs);
      head++;
    }
    if (head > 1024) {
      proposals = proposals.slice(head);
      head = 0;
    }
  };

  const becomeLeader = (node: NodeId, timeUs: number): void => {
    elections++;
    if (winningCampaignCounts && leaderlessSinceUs === null && leader !== node) {
      leaderlessUs += timeUs - (campaignStartUs.get(node) ?? timeUs);
    }
    leader = node;
    proposals = [];
    head = 0;
  };

  return {
    onEvent(node, name, fields, timeUs) {
      // 'apply' (every server, every entry) is most of the events, and the figures skip it.
      if (name === 'apply') return;
      switch (raftName(name)) {
        case 'became-leader':
          becomeLeader(node, timeUs);
          break;
        case 'became-candidate':
          campaignStartUs.set(node, timeUs);
          if (node === leader) leader = null;
          break;
        case 'crash':
        case 'became-follower':
        case 'became-precandidate':
        case 'boot':
          if (node === leader) leader = null;
          break;
        case 'config':
          configChanges++;
          break;
        case 'propose':
          if (node === leader && typeof fields['index'] === 'number') proposals.push({ index: fields['index'], atUs: timeUs });
          break;
        case 'commit':
          if (node === leader && typeof fields['index'] === 'number') commitUpTo(fields['index'], timeUs);
          break;
      }
      // Whether a leader can serve changes with the leader or the world: the kernel calls
      // onWorldChange after every fault, and crash and restart change who is up. Other
      // events (most of them: appends, commits) skip the majority walk.
      if (leader !== checkedLeader || name === 'crash' || name === 'restart') update(timeUs);
    },
    onWorldChange(timeUs) {
      update(timeUs);
    },
    result(endUs) {
      const out: Record<string, number> = {
        leaderElections: elections,
        leaderlessUs: leaderlessUs + (leaderlessSinceUs === null ? 0 : Math.max(0, endUs - leaderlessSinceUs)),
        commitsMeasured: latenciesUs.length,
      };
      if (configChanges > 0) out['configChanges'] = configChanges;
      if (latenciesUs.length > 0) {
        // what `percentile` reads from the sorted latencies, by selection (no sort)
        const n = latenciesUs.length;
        const [p50, p99] = valuesAtRanks(latenciesUs, [rankOf(n, 0.5), rankOf(n, 0.99)]);
        out['commitLatencyP50Us'] = p50!;
        out['commitLatencyP99Us'] = p99!;
      }
      return out;
    },
  };
}
