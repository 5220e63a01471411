// 2PC's config block, and the bank it runs: accounts a0..aN-1, split into contiguous
// ranges, one range per shard (in the order of the `shard` service group).
import { z } from 'zod';
import { durationUs } from '../../sim/units.js';
import type { NodeId } from '../../sim/types.js';

export const ACCOUNTS_MAX = 1000;

export const twopcConfigSchema = z
  .object({
    accounts: z.number().int().min(2).max(ACCOUNTS_MAX).default(9),
    initialBalance: z.number().int().min(0).max(1_000_000).default(100),
    /** A participant votes no when it cannot take its locks within this. */
    lockTimeout: durationUs().default(50_000),
    /** The coordinator aborts when a vote is missing after this. */
    voteTimeout: durationUs().default(200_000),
    /** How often the coordinator resends a commit not yet acknowledged. */
    resendInterval: durationUs().default(100_000),
    /** How often a participant in doubt asks the coordinator and its peers. */
    inquiryInterval: durationUs().default(200_000),
    /** Cooperative termination: ask peers too, not only the coordinator. */
    cooperative: z.boolean().default(true),
    /** Variant heuristic-decision only: how long a participant waits before deciding alone. */
    heuristicTimeout: durationUs().default(500_000),
    /** Largest amount of one transfer (amounts are 1..transferMax). */
    transferMax: z.number().int().min(1).max(1_000_000).default(30),
    /** The fraction of workload ops that are audits (reads of every account). */
    auditFraction: z.number().min(0).max(1).default(0.1),
  })
  .strict();

export type TwopcConfig = z.output<typeof twopcConfigSchema>;

export function accountName(index: number): string {
  return `a${index}`;
}

/** The shard owning an account: contiguous ranges of about accounts/shards each. */
export function shardOf(account: string, accounts: number, shards: readonly NodeId[]): NodeId {
  const index = Number(account.slice(1));
  if (!Number.isInteger(index) || index < 0 || index >= accounts) throw new Error(`2pc: no account ${account}`);
  return shards[Math.floor((index * shards.length) / accounts)]!;
}

/** The accounts a shard owns. */
export function accountsOf(shard: NodeId, accounts: number, shards: readonly NodeId[]): string[] {
  const owned: string[] = [];
  for (let i = 0; i < accounts; i++) if (shardOf(accountName(i), accounts, shards) === shard) owned.push(accountName(i));
  return owned;
}

/** The servers of each role: the `coordinator` and `shard` service groups. */
export interface Topology {
  readonly coordinator: NodeId;
  readonly shards: readonly NodeId[];
}

export function topologyOf(services: Readonly<Record<string, readonly NodeId[]>>): Topology {
  const coordinators = services['coordinator'];
  const shards = services['shard'];
  if (coordinators === undefined || shards === undefined || coordinators.length === 0 || shards.length === 0) {
    throw new Error('2pc needs services: { coordinator: {count: 1}, shard: {count: N} }');
  }
  return { coordinator: coordinators[0]!, shards };
}
