// The bug switches of 2PC. Each is one flag read at one place in the code, never a copy.
export const TWOPC_VARIANTS = {
  'prepared-not-durable':
    'a participant keeps PREPARED in memory only: it restarts, forgets the transaction, and aborts one the others committed',
  'commit-before-durable':
    'the coordinator sends COMMIT before its decision is durable: it crashes, restarts with no record, presumes abort and tells the rest',
  'heuristic-decision': 'a participant in doubt gives up after heuristicTimeout and aborts on its own, though the others may commit',
  'duplicate-yes-counted': 'votes are tallied by message: a duplicated yes counts twice, so the coordinator commits before everyone voted',
  'timeout-counts-as-yes': 'a participant that did not vote before the vote timeout is counted as a yes',
  'recovery-presumes-abort':
    'a recovering coordinator ignores its log and presumes abort for everything, including transactions some participant already committed',
} as const;

export type TwopcVariant = keyof typeof TWOPC_VARIANTS;

/** The variant as flags, checked once at node creation. */
export interface TwopcFlags {
  readonly preparedNotDurable: boolean;
  readonly commitBeforeDurable: boolean;
  readonly heuristicDecision: boolean;
  readonly duplicateYesCounted: boolean;
  readonly timeoutCountsAsYes: boolean;
  readonly recoveryPresumesAbort: boolean;
}

export function twopcFlags(variant: string | null): TwopcFlags {
  if (variant !== null && !Object.hasOwn(TWOPC_VARIANTS, variant)) {
    throw new Error(`2pc: unknown variant "${variant}" (known: ${Object.keys(TWOPC_VARIANTS).join(', ')})`);
  }
  return {
    preparedNotDurable: variant === 'prepared-not-durable',
    commitBeforeDurable: variant === 'commit-before-durable',
    heuristicDecision: variant === 'heuristic-decision',
    duplicateYesCounted: variant === 'duplicate-yes-counted',
    timeoutCountsAsYes: variant === 'timeout-counts-as-yes',
    recoveryPresumesAbort: variant === 'recovery-presumes-abort',
  };
}
