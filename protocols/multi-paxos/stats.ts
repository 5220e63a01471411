// Run summary figures from Multi-Paxos's events. The leader figures are Raft's (the same
// events and the same "could serve" test; a winning campaign also counts from its start,
// see LeaderStatsOptions): leaderElections, leaderlessUs, and the time to
// decide, commitLatencyP50Us / P99Us (a leader's 'propose' to the 'commit' of its chosen
// prefix covering it). Paxos's own:
//   phase1Rounds       campaigns started ('became-candidate')
//   ballotsAbandoned   campaigns preempted by a higher ballot: proposers duelling
//   acceptRounds       accept rounds sent for slots ('propose', and 'resend' after silence)
//   takeoverSlots      slots a new leader found votes for and re-proposed ('recovered' {reproposed})
//   takeoverGaps       slots a new leader found nobody had voted in ('recovered' {gaps}): no-ops
//   slotsChosen        the highest chosen prefix a leader reached
//   roundsPerDecision  acceptRounds / slotsChosen, to two decimals (1 = one round per slot)
//   leaseReads         gets a leader answered from its lease, with no round ('lease-read');
//                      only with reads: lease, so other runs' figures are unchanged
import type { ProtocolStats, StatsWorld } from '../../sim/protocol.js';
import { createRaftStats, RAFT_STAT_LABELS } from '../raft/stats.js';

/** How the figures read in the terminal summary (`--json` keeps the names). */
export const MULTI_PAXOS_STAT_LABELS: Readonly<Record<string, string>> = {
  ...RAFT_STAT_LABELS,
  commitLatencyP50Us: 'time to decide p50',
  commitLatencyP99Us: 'time to decide p99',
  phase1Rounds: 'phase-1 rounds',
  ballotsAbandoned: 'ballots abandoned (duels)',
  acceptRounds: 'accept rounds',
  takeoverSlots: 'slots re-proposed at takeovers',
  takeoverGaps: 'holes filled with no-ops',
  slotsChosen: 'slots chosen',
  roundsPerDecision: 'accept rounds per slot',
  leaseReads: 'reads served from the lease',
};

export function createMultiPaxosStats(world?: StatsWorld): ProtocolStats {
  const leaders = createRaftStats({ winningCampaignCounts: true }, world);
  let phase1Rounds = 0;
  let ballotsAbandoned = 0;
  let acceptRounds = 0;
  let slotsChosen = 0;
  let takeoverSlots = 0;
  let takeoverGaps = 0;
  let leaseReads = 0;
  return {
    onEvent(node, name, fields, timeUs) {
      leaders.onEvent(node, name, fields, timeUs);
      switch (name) {
        case 'became-candidate':
          phase1Rounds++;
          break;
        case 'ballot-abandoned':
          ballotsAbandoned++;
          break;
        case 'propose':
        case 'resend':
          acceptRounds++;
          break;
        case 'recovered':
          if (typeof fields['reproposed'] === 'number') takeoverSlots += fields['reproposed'];
          if (typeof fields['gaps'] === 'number') takeoverGaps += fields['gaps'];
          break;
        case 'lease-read':
          leaseReads++;
          break;
        case 'commit':
          if (typeof fields['index'] === 'number' && fields['index'] > slotsChosen) slotsChosen = fields['index'];
          break;
      }
    },
    onWorldChange(timeUs) {
      leaders.onWorldChange?.(timeUs);
    },
    result(endUs) {
      return {
        ...leaders.result(endUs),
        phase1Rounds,
        ballotsAbandoned,
        acceptRounds,
        takeoverSlots,
        takeoverGaps,
        slotsChosen,
        roundsPerDecision: slotsChosen === 0 ? 0 : Math.round((100 * acceptRounds) / slotsChosen) / 100,
        ...(leaseReads > 0 ? { leaseReads } : {}),
      };
    },
  };
}
