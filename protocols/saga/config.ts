// The saga protocol's `config:` block: the shop's opening stock and balances, the
// broker's delivery rules and the orchestrator's retry rules, every limit with its unit.
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
    /** Broker: queued messages are written to disk (survive a broker crash). */
    brokerDurable: z.boolean().default(true),
    /** Orchestrator: first retry after at most this long; doubled per attempt (full jitter). */
    retryBaseUs: z.number().int().positive().default(100_000),
    /** Orchestrator: no retry waits longer than this. */
    retryCapUs: z.number().int().positive().default(2_000_000),
    /** Orchestrator: a forward step that got no answer after this many attempts fails (compensate). */
    retryLimit: z.number().int().positive().default(6),
  })
  .strict();

export type SagaConfig = z.output<typeof sagaConfigSchema>;

/** The services a saga walks through, in order; compensation walks them back. */
export const STEPS = ['order', 'inventory', 'payment'] as const;
export type ServiceName = (typeof STEPS)[number];
export const BROKER = 'broker';
export const ORCHESTRATOR = 'orchestrator';

/** The node of each service group (its first): broker, orchestrator and the three services. */
export type Topology = Readonly<Record<(typeof KINDS)[number], string>>;
export const KINDS = [BROKER, ORCHESTRATOR, ...STEPS] as const;

export function topologyOf(services: Readonly<Record<string, readonly string[]>>): Topology {
  const first = (kind: string): string => {
    const node = services[kind]?.[0];
    if (node === undefined) throw new Error(`saga needs services: ${KINDS.map((k) => `${k}: {count: 1}`).join(', ')}; ${kind} is missing`);
    return node;
  };
  return { broker: first(BROKER), orchestrator: first(ORCHESTRATOR), order: first('order'), inventory: first('inventory'), payment: first('payment') };
}
