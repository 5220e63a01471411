// The invariants of membership changes (Ongaro's thesis, chapter 4), from the views of
// the servers at the events that matter:
//   config-one-at-a-time  a leader never has more than one configuration entry
//                         uncommitted ('config', when it appends one)
//   election-quorum       a leader's votes all come from one configuration, the one in
//                         force in its log, and are a majority of it ('became-leader')
import type { Invariant, InvariantCheck } from '../../checkers/invariants.js';
import { raftName, type RaftEventName } from './events.js';
import { quorumSize } from './quorum.js';

const RAFT_CONFIG: RaftEventName = 'config';
const RAFT_BECAME_LEADER: RaftEventName = 'became-leader';

function strings(value: unknown): readonly string[] | null {
  return Array.isArray(value) ? (value as string[]) : null;
}

export const configOneAtATime: Invariant = {
  name: 'config-one-at-a-time',
  description: 'a leader has at most one configuration change uncommitted',
  watches: [RAFT_CONFIG],
  create(): InvariantCheck {
    return {
      onEvent(event, viewOf) {
        if (event.kind !== 'log') return null;
        // At the moment it appends one. (A new leader may hold several entries it does not
        // yet know are committed: its commit index catches up with its first commit.)
        if (raftName(event.name) !== 'config') return null;
        const pending = viewOf(event.node)['uncommittedConfigs'];
        if (typeof pending !== 'number' || pending <= 1) return null;
        return `${event.node} leads with ${pending} configuration changes uncommitted`;
      },
    };
  },
};

export const electionQuorum: Invariant = {
  name: 'election-quorum',
  description: "every election's quorum is a majority of one configuration (the winner's)",
  watches: [RAFT_BECAME_LEADER],
  create(): InvariantCheck {
    return {
      onEvent(event, viewOf) {
        if (event.kind !== 'log' || raftName(event.name) !== 'became-leader') return null;
        const view = viewOf(event.node);
        const members = strings(view['members']);
        const votes = strings(view['votes']);
        if (members === null || votes === null) return null;
        const outsiders = votes.filter((voter) => !members.includes(voter));
        if (outsiders.length > 0) {
          return `${event.node} won term ${String(view['term'])} with votes from ${outsiders.join(', ')}, not members of {${members.join(', ')}}`;
        }
        if (votes.length < quorumSize(members.length)) {
          return `${event.node} won term ${String(view['term'])} with ${votes.length} votes of {${members.join(', ')}} (a majority is ${quorumSize(members.length)})`;
        }
        return null;
      },
    };
  },
};
