// Single-decree Paxos's bug switches: the classic ways to get the Synod protocol wrong.
// Each is one flag read at one place in the code, never a copy.
export const PAXOS_VARIANTS = {
  'acceptor-amnesia':
    'acceptors keep their promise and accepted value only in memory: a restarted acceptor forgets them, and a second value is chosen',
  'ignore-promised-values':
    'a proposer ignores the accepted values reported in phase 1 and always proposes its own: a second value is chosen over the first',
  'lowest-ballot-value':
    'a proposer takes the reported value with the lowest ballot instead of the highest: an older, unchosen value replaces the chosen one',
  'ballot-collision':
    'ballots are just round numbers, without the proposer id: two proposers get promises for the same ballot and each gets its value chosen',
  'accept-not-promise':
    'an acceptor does not treat accept(n) as a promise of n: a late accept of an older ballot overwrites a newer accepted value',
  'learner-across-ballots':
    'a learner counts acceptances of a value across different ballots: it learns a value no majority accepted in any one ballot',
  'no-backoff':
    'a preempted proposer retries at once instead of after a random backoff: duelling proposers preempt each other forever (no decision)',
} as const;

export type PaxosVariant = keyof typeof PAXOS_VARIANTS;

/** The variant as flags, checked once at node creation. */
export interface PaxosFlags {
  readonly acceptorAmnesia: boolean;
  readonly ignorePromisedValues: boolean;
  readonly pickLowestBallot: boolean;
  readonly ballotCollision: boolean;
  readonly acceptNotPromise: boolean;
  readonly learnerAcrossBallots: boolean;
  readonly noBackoff: boolean;
}

export function paxosFlags(variant: string | null): PaxosFlags {
  if (variant !== null && !Object.hasOwn(PAXOS_VARIANTS, variant)) {
    throw new Error(`paxos: unknown variant "${variant}" (known: ${Object.keys(PAXOS_VARIANTS).join(', ')})`);
  }
  return {
    acceptorAmnesia: variant === 'acceptor-amnesia',
    ignorePromisedValues: variant === 'ignore-promised-values',
    pickLowestBallot: variant === 'lowest-ballot-value',
    ballotCollision: variant === 'ballot-collision',
    acceptNotPromise: variant === 'accept-not-promise',
    learnerAcrossBallots: variant === 'learner-across-ballots',
    noBackoff: variant === 'no-backoff',
  };
}
