// Messages of three-phase commit: 2PC's (begin/outcome with the client, prepare, vote,
// decision = ABORT or DOCOMMIT, ack, inquire for a recovering participant) plus the
// third phase and the termination protocol among participants.
import type { TwopcMessage } from '../twopc/messages.js';
import { twopcMessageBytes } from '../twopc/messages.js';

/** What a participant knows of a transaction, as it answers a peer's STATE-REQ. */
export type TxState = 'uncertain' | 'precommitted' | 'committed' | 'aborted';

export type ThreepcMessage =
  | TwopcMessage
  /** Coordinator -> participant: everyone voted yes; log it and acknowledge. */
  | { readonly type: 'precommit'; readonly tx: string }
  /** Participant -> coordinator: PRECOMMIT is logged here. */
  | { readonly type: 'precommit-ack'; readonly tx: string }
  /** A participant that timed out waiting for the coordinator asks its peers where they are. */
  | { readonly type: 'state-req'; readonly tx: string }
  | { readonly type: 'state'; readonly tx: string; readonly state: TxState };

export function threepcMessageBytes(msg: ThreepcMessage): number {
  switch (msg.type) {
    case 'precommit':
    case 'precommit-ack':
    case 'state-req':
    case 'state':
      return 32;
    default:
      return twopcMessageBytes(msg);
  }
}
