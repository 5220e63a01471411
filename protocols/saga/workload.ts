// The shop's workload: each op is one order of 1..5 units for an amount of 1..100
// (amounts above declineAbove are declined by the payment service).
import type { WorkloadSetup } from '../../sim/protocol.js';
import type { OpGenerator, WorkloadOp } from '../../sim/types.js';
import type { SagaConfig } from './config.js';

export const QTY_MAX = 5;
export const AMOUNT_MAX = 100;

export function orderGenerator(setup: WorkloadSetup<SagaConfig>): OpGenerator {
  const random = setup.random;
  return {
    next(): WorkloadOp {
      const qty = 1 + Math.floor(random() * QTY_MAX);
      const amount = 1 + Math.floor(random() * AMOUNT_MAX);
      return { f: 'order', key: null, value: { qty, amount } };
    },
  };
}
