// Run summary figures from the instances' beliefs, in true time:
//   twoLeadersUs    time during which two or more instances believed they led
//   leaderlessUs    time during which none did (from the run start until the first grant)
//   leaderTerms     beliefs begun (`lease-held`): how often leadership was taken or retaken
// A belief runs from `lease-held` to `lease-lost` or the instance's crash.
import type { NodeId } from '../../sim/types.js';
import type { ProtocolStats } from '../../sim/protocol.js';

export const LEASE_STAT_LABELS: Readonly<Record<string, string>> = {
  twoLeadersUs: 'time with two leaders',
  leaderlessUs: 'time without a leader',
  leaderTerms: 'leaderships begun',
};

export function createLeaseStats(): ProtocolStats {
  const leaders = new Set<NodeId>();
  let sinceUs = 0;
  let twoLeadersUs = 0;
  let leaderlessUs = 0;
  let leaderTerms = 0;
  /** Close the stretch since the last change: it counted for however many led then. */
  const account = (timeUs: number): void => {
    if (leaders.size === 0) leaderlessUs += timeUs - sinceUs;
    else if (leaders.size >= 2) twoLeadersUs += timeUs - sinceUs;
    sinceUs = timeUs;
  };
  return {
    onEvent(node, name, _fields, timeUs) {
      if (name === 'lease-held') {
        account(timeUs);
        leaders.add(node);
        leaderTerms += 1;
      } else if ((name === 'lease-lost' || name === 'crash') && leaders.has(node)) {
        account(timeUs);
        leaders.delete(node);
      }
    },
    result(endUs) {
      account(endUs);
      return { twoLeadersUs, leaderlessUs, leaderTerms };
    },
  };
}
