// A participant's state: committed balances, locks, transactions in doubt, and what it
// durably knows of finished ones. Durable keys: `bal:<account>` (committed balance),
// `tx:<id>` (PREPARED with its changes, PRECOMMITTED in 3PC, COMMITTED, or ABORTED when
// it refused a transaction to answer a peer). Presumed abort: an ordinary abort leaves no record.
import type { Disk, NodeId } from '../../sim/types.js';
import type { Deltas, TxKind } from './messages.js';

export interface PreparedTx {
  readonly tx: string;
  readonly kind: TxKind;
  readonly deltas: Deltas;
  readonly participants: readonly NodeId[];
  readonly coordinator: NodeId;
}

export type TxRecord =
  | ({ readonly state: 'prepared' } & PreparedTx)
  /** Three-phase commit only: the coordinator's PRECOMMIT was received and logged. */
  | ({ readonly state: 'precommitted' } & PreparedTx)
  | { readonly state: 'committed' }
  | { readonly state: 'aborted' };

/** A PREPARE waiting for locks another transaction holds. */
export interface WaitingPrepare {
  readonly prepared: PreparedTx;
  readonly deadlineUs: number;
}

export const WAITING_MAX = 10_000;

export class ParticipantState {
  readonly balances = new Map<string, number>();
  /** account -> the transaction holding its lock. */
  readonly locks = new Map<string, string>();
  /** Transactions prepared here and not yet resolved: in doubt once the vote is out. */
  readonly prepared = new Map<string, PreparedTx>();
  /** Three-phase commit: prepared transactions whose PRECOMMIT is logged. */
  readonly precommitted = new Set<string>();
  /** Finished transactions this participant has a durable record of. */
  readonly finished = new Map<string, 'committed' | 'aborted'>();
  readonly waiting: WaitingPrepare[] = [];

  constructor(
    readonly owned: readonly string[],
    readonly initialBalance: number,
  ) {}

  /** Rebuild from disk: balances, finished records, and transactions still in doubt (their locks retaken). */
  load(disk: Disk): void {
    for (const account of this.owned) this.balances.set(account, disk.get<number>(`bal:${account}`) ?? this.initialBalance);
    for (const key of disk.keys('tx:')) {
      const record = disk.get<TxRecord>(key)!;
      if (record.state === 'prepared' || record.state === 'precommitted') {
        this.prepared.set(record.tx, record);
        if (record.state === 'precommitted') this.precommitted.add(record.tx);
        for (const account of this.lockSet(record)) this.locks.set(account, record.tx);
      } else {
        this.finished.set(key.slice(3), record.state);
      }
    }
  }

  /** The accounts a transaction locks here: an audit locks them all. */
  lockSet(p: PreparedTx): string[] {
    return p.kind === 'audit' ? [...this.owned] : Object.keys(p.deltas);
  }

  /** Are all of its locks free (or its own)? */
  canLock(p: PreparedTx): boolean {
    return this.lockSet(p).every((account) => (this.locks.get(account) ?? p.tx) === p.tx);
  }

  /** Would applying these changes overdraw an account? */
  overdraws(deltas: Deltas): boolean {
    return Object.entries(deltas).some(([account, delta]) => (this.balances.get(account) ?? 0) + delta < 0);
  }

  release(p: PreparedTx): void {
    this.precommitted.delete(p.tx);
    for (const account of this.lockSet(p)) if (this.locks.get(account) === p.tx) this.locks.delete(account);
  }

  total(): number {
    let sum = 0;
    for (const balance of this.balances.values()) sum += balance;
    return sum;
  }

  minBalance(): number {
    let min = Infinity;
    for (const balance of this.balances.values()) min = Math.min(min, balance);
    return min === Infinity ? 0 : min;
  }

  balancesObject(): Record<string, number> {
    return Object.fromEntries(this.balances);
  }
}
