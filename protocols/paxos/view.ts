// What a single-decree Paxos server reports through inspect(). Every server is acceptor and
// learner; it is also a proposer while some instance it proposes in is undecided. `ballot`
// is the highest ballot it is proposing with (or has promised), so when fault targets
// look for a `proposer`, the one with the highest ballot wins.
import type { NodeView } from '../../sim/types.js';
import { describeBallot } from './ballot.js';
import type { PaxosState } from './state.js';

export interface PaxosView extends NodeView {
  readonly role: 'proposer' | 'acceptor';
  readonly roles: readonly string[];
  readonly ballot: number;
  readonly ballotName: string;
  readonly instances: number;
  readonly decided: number;
  readonly proposing: number;
}

const PROPOSER_ROLES = ['proposer', 'acceptor', 'learner'] as const;
const ACCEPTOR_ROLES = ['acceptor', 'learner'] as const;

export function paxosView(s: PaxosState): PaxosView {
  let ballot = 0;
  let decided = 0;
  let proposing = 0;
  for (const inst of s.instances.values()) {
    if (inst.learner.decided !== null) decided++;
    const phase = inst.proposer.phase;
    if (phase === 'preparing' || phase === 'accepting' || phase === 'backing-off') {
      proposing++;
      ballot = Math.max(ballot, inst.proposer.ballot);
    } else {
      ballot = Math.max(ballot, inst.acceptor.promised);
    }
  }
  return {
    role: proposing > 0 ? 'proposer' : 'acceptor',
    roles: proposing > 0 ? PROPOSER_ROLES : ACCEPTOR_ROLES,
    ballot,
    ballotName: describeBallot(ballot, s.servers),
    instances: s.instances.size,
    decided,
    proposing,
  };
}

export function describePaxosView(view: NodeView): string {
  const role = view.role ?? '?';
  if (typeof view['ballot'] !== 'number') return role;
  return `${role} b${String(view['ballotName'])} decided=${String(view['decided'])}/${String(view['instances'])}`;
}
