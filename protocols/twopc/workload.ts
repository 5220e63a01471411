// The bank workload, as Jepsen's bank test: transfers of 1..transferMax between two
// distinct random accounts, and audits that read every account (`read`).
import type { WorkloadSetup } from '../../sim/protocol.js';
import type { OpGenerator, WorkloadOp } from '../../sim/types.js';
import { accountName, type TwopcConfig } from './config.js';

export function bankGenerator(setup: WorkloadSetup<TwopcConfig>): OpGenerator {
  const { accounts, transferMax, auditFraction } = setup.config;
  const random = setup.random;
  return {
    next(): WorkloadOp {
      if (random() < auditFraction) return { f: 'read', key: null, value: null };
      const from = Math.floor(random() * accounts);
      const to = (from + 1 + Math.floor(random() * (accounts - 1))) % accounts;
      const amount = 1 + Math.floor(random() * transferMax);
      return { f: 'transfer', key: null, value: { from: accountName(from), to: accountName(to), amount } };
    },
  };
}
