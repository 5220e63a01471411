// The bug switches of the saga protocols. Each is one flag read at one place in the code.
export const SAGA_VARIANTS = {
  'missing-compensation': 'a declined payment cancels the order but never releases the stock it reserved (orphan reservation)',
  'non-idempotent-charge': 'the payment service ignores its processed-message table: a redelivered charge charges twice',
  'no-durable-log': 'the orchestrator keeps its saga log in memory only: after a crash it forgets sagas, leaving orders PENDING',
  'compensation-overtaken':
    'services keep no tombstone: a request that arrives after its own compensation (retried, delayed) is applied anyway, and nothing undoes it',
  'compensation-not-retried': 'a compensation that gets no answer is given up after one attempt, so a lost refund or release stays undone',
} as const;

/** The choreographed saga's variants (no orchestrator: the flags of its services). */
export const CHOREOGRAPHED_VARIANTS = {
  'dual-write': 'a service commits its state change and then publishes the event directly, with no outbox: a publish lost on the way (or a crash before it) loses the event, and the saga stops half-way',
  'non-idempotent-charge': SAGA_VARIANTS['non-idempotent-charge'],
} as const;

export interface SagaFlags {
  readonly missingCompensation: boolean;
  readonly nonIdempotentCharge: boolean;
  readonly noDurableLog: boolean;
  readonly compensationNotRetried: boolean;
  readonly compensationOvertaken: boolean;
  readonly dualWrite: boolean;
}

export function sagaFlags(variant: string | null, known: Readonly<Record<string, string>>): SagaFlags {
  if (variant !== null && !Object.hasOwn(known, variant)) {
    throw new Error(`saga: unknown variant "${variant}" (known: ${Object.keys(known).join(', ')})`);
  }
  return {
    missingCompensation: variant === 'missing-compensation',
    nonIdempotentCharge: variant === 'non-idempotent-charge',
    noDurableLog: variant === 'no-durable-log',
    compensationNotRetried: variant === 'compensation-not-retried',
    compensationOvertaken: variant === 'compensation-overtaken',
    dualWrite: variant === 'dual-write',
  };
}
