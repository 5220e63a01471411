// The saga protocols' `config:` block: the shop's opening stock and balances, the
// broker's delivery rules, the orchestrator's retry and circuit-breaker rules and the
// outbox relay's pace, every limit with its unit.
import { z } from 'zod';

export const sagaConfigSchema = z
  .object({
    /** Units of the one product the inventory holds at the start. */
    stock: z.number().int().min(0).default(1000),
    /** Money the payment service holds for the customers at the start. */
    balance: z.number().int().min(0).default(1_000_000),
    /** A charge above this amount is declined (the saga compensates). */
    declineAbove: z.number().int().min(0).default(80),
    /** Broker: a delivery not acked within this time is delivered again. */
    visibilityTimeoutUs: z.number().int().positive().default(200_000),
    /** Broker: after this many deliveries without an ack a message goes to the dead-letter queue. */
    maxDeliveries: z.number().int().positive().default(5),
    /** Broker: a dead letter goes back to its queue (fresh delivery count) after this long; 0 = never. */
    deadLetterRedriveUs: z.number().int().min(0).default(2_000_000),
    /** Broker: queued messages are written to disk at each sweep, before their confirms leave (confirmed messages survive a broker crash). */
    brokerDurable: z.boolean().default(true),
    /** Orchestrator: a command with no answer after this long has timed out (a breaker failure). */
    callTimeoutUs: z.number().int().positive().default(100_000),
    /** Orchestrator: after a timeout, wait random(0, min(cap, base * 2^(attempt-1))) (full jitter), or not at all (none). */
    retryBackoff: z.enum(['full-jitter', 'none']).default('full-jitter'),
    /** Orchestrator: the backoff's base: the first wait is at most this long. */
    retryBaseUs: z.number().int().positive().default(100_000),
    /** Orchestrator: no backoff wait is longer than this. */
    retryCapUs: z.number().int().positive().default(2_000_000),
    /** Orchestrator: a forward step that got no answer after this many attempts fails (compensate). */
    retryLimit: z.number().int().positive().default(6),
    /** Orchestrator: this many timeouts in a row open a service's circuit breaker; 0 = no breaker. */
    breakerFailures: z.number().int().min(0).default(5),
    /** Orchestrator: an open breaker lets one probe call through (half-open) after this long. */
    breakerOpenUs: z.number().int().positive().default(1_000_000),
    /** Choreographed: the outbox relay publishes again an event the broker has not confirmed after this long. */
    relayIntervalUs: z.number().int().positive().default(100_000),
  })
  .strict();

export type SagaConfig = z.output<typeof sagaConfigSchema>;

/** The services a saga walks through, in order; compensation walks them back. */
export const STEPS = ['order', 'inventory', 'payment'] as const;
export type ServiceName = (typeof STEPS)[number];
export const BROKER = 'broker';
export const ORCHESTRATOR = 'orchestrator';
export const ORCHESTRATED_KINDS = [BROKER, ORCHESTRATOR, ...STEPS] as const;
export const CHOREOGRAPHED_KINDS = [BROKER, ...STEPS] as const;

/** The node of each service group (its first); no orchestrator in a choreographed saga. */
export interface Topology {
  readonly broker: string;
  readonly orchestrator: string | null;
  readonly order: string;
  readonly inventory: string;
  readonly payment: string;
}

export function topologyOf(services: Readonly<Record<string, readonly string[]>>, kinds: readonly string[]): Topology {
  const first = (kind: string): string => {
    const node = services[kind]?.[0];
    if (node === undefined) throw new Error(`saga needs services: ${kinds.map((k) => `${k}: {count: 1}`).join(', ')}; ${kind} is missing`);
    return node;
  };
  const orchestrator = kinds.includes(ORCHESTRATOR) ? first(ORCHESTRATOR) : null;
  return { broker: first(BROKER), orchestrator, order: first('order'), inventory: first('inventory'), payment: first('payment') };
}
