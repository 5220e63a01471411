// The termination protocol of 3PC (Skeen), run by participants when the coordinator has
// gone quiet. A participant that voted yes and hears nothing for decisionTimeout asks
// every peer of the transaction for its state (STATE-REQ) and waits terminationTimeout.
// The first participant of the transaction (in the coordinator's order) that answered,
// or itself, leads; the others wait for its word (and try again if it goes quiet too).
// The leader decides from the states it heard, its own included:
//   - someone committed: commit; someone aborted: abort;
//   - someone precommitted: everyone may be told to commit. The leader first precommits
//     the uncertain ones and waits for their acknowledgements, then commits and tells all;
//   - everyone uncertain: nobody can have committed (a commit needs every operational
//     participant precommitted first), so abort and tell all.
// A peer that does not answer within terminationTimeout is presumed crashed. That is the
// synchronous-network assumption: a peer cut off by a partition is not crashed, and the
// two sides can decide differently (scenarios/3pc/partition.yaml).
import type { NodeId } from '../../sim/types.js';
import type { TxState } from './messages.js';

/** The decision from the states a leader knows (its own first), or 'precommit-first'. */
export function terminationRule(states: readonly TxState[]): 'commit' | 'abort' | 'precommit-first' {
  if (states.includes('committed')) return 'commit';
  if (states.includes('aborted')) return 'abort';
  if (states.includes('precommitted')) return 'precommit-first';
  return 'abort';
}

/** The leader: the first participant (coordinator's order) that is this one or answered. */
export function terminationLeader(participants: readonly NodeId[], self: NodeId, answered: ReadonlyMap<NodeId, TxState>): NodeId {
  return participants.find((p) => p === self || answered.has(p)) ?? self;
}

/** One termination in progress at a participant. */
export interface Termination {
  phase: 'collect' | 'precommit';
  /** Peer -> the state it reported. */
  readonly heard: Map<NodeId, TxState>;
  /** Precommit phase: the peers yet to acknowledge the leader's PRECOMMIT. */
  readonly waiting: Set<NodeId>;
}
