// The bug switches. Each is one flag read at one place in the code, never a copy.
export const ABD_VARIANTS = {
  'no-write-back':
    'a read returns the highest value a majority reported without writing it back first: a later read can see an older value (new/old inversion)',
  'no-query-phase':
    'a writer numbers its write from its own counter instead of asking a majority for the highest timestamp: its acknowledged write can lose to older ones',
  'no-tie-break':
    'timestamps compare by number only, not (number, writer id): two writers with the same number leave replicas disagreeing, and reads flip between values',
} as const;

export interface AbdFlags {
  readonly noWriteBack: boolean;
  readonly noQueryPhase: boolean;
  readonly noTieBreak: boolean;
}

export function abdFlags(variant: string | null): AbdFlags {
  if (variant !== null && !Object.hasOwn(ABD_VARIANTS, variant)) {
    throw new Error(`abd: unknown variant "${variant}" (known: ${Object.keys(ABD_VARIANTS).join(', ')})`);
  }
  return {
    noWriteBack: variant === 'no-write-back',
    noQueryPhase: variant === 'no-query-phase',
    noTieBreak: variant === 'no-tie-break',
  };
}
