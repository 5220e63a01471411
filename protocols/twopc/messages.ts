// Messages of 2PC: client <-> coordinator, coordinator <-> participants, and participants
// asking each other (cooperative termination). Discriminated on `type`.

/** Balance changes a transaction makes on one shard: account -> delta. */
export type Deltas = Readonly<Record<string, number>>;
export type Balances = Readonly<Record<string, number>>;

/** A transfer moves money; an audit reads every account (read-only). */
export type TxKind = 'transfer' | 'audit';

export interface Transfer {
  readonly from: string;
  readonly to: string;
  readonly amount: number;
}

export type TwopcMessage =
  /** Client -> coordinator: run this transaction. */
  | { readonly type: 'begin'; readonly tx: string; readonly kind: TxKind; readonly transfer: Transfer | null }
  /** Coordinator -> client: how it ended (balances for a committed audit). */
  | { readonly type: 'outcome'; readonly tx: string; readonly committed: boolean; readonly balances: Balances | null; readonly reason: string }
  /** Coordinator -> participant: lock, check, log PREPARED, vote. */
  | {
      readonly type: 'prepare';
      readonly tx: string;
      readonly kind: TxKind;
      readonly deltas: Deltas;
      readonly participants: readonly string[];
    }
  /** Participant -> coordinator. An audit's yes carries the shard's balances. */
  | { readonly type: 'vote'; readonly tx: string; readonly yes: boolean; readonly balances: Balances | null }
  /** The outcome, from the coordinator or (cooperative termination) from a peer that knows it. */
  | { readonly type: 'decision'; readonly tx: string; readonly commit: boolean }
  /** Participant -> coordinator: the commit is durable here; stop resending. */
  | { readonly type: 'ack'; readonly tx: string }
  /** A participant in doubt asks the coordinator, then its peers. */
  | { readonly type: 'inquire'; readonly tx: string };

export function twopcMessageBytes(msg: TwopcMessage): number {
  switch (msg.type) {
    case 'prepare':
      return 48 + 16 * Object.keys(msg.deltas).length + 8 * msg.participants.length;
    case 'vote':
    case 'outcome':
      return 32 + (msg.balances === null ? 0 : 16 * Object.keys(msg.balances).length);
    default:
      return 32;
  }
}
