// Single-decree Paxos's messages, one Synod instance per key: the client asks any server to
// propose a value and is told the decided one; phase 1 (prepare/promise), phase 2
// (accept), and every acceptor's vote broadcast to every learner (accepted).
export type Value = string | number;

/** Client -> server: "decide `key`; propose `value` if you must". */
export interface ProposeRequest {
  readonly type: 'propose-request';
  readonly key: string;
  readonly value: Value;
}

/** Server -> client: the value decided for `key`. */
export interface ProposeReply {
  readonly type: 'propose-reply';
  readonly key: string;
  readonly decided: Value;
}

export interface Prepare {
  readonly type: 'prepare';
  readonly key: string;
  readonly ballot: number;
}

/** Phase 1b: ok with the acceptor's vote (ballot 0 when none), or a refusal naming its promise. */
export interface PromiseReply {
  readonly type: 'promise';
  readonly key: string;
  readonly ballot: number;
  readonly ok: boolean;
  readonly promised: number;
  readonly acceptedBallot: number;
  readonly acceptedValue: Value | null;
}

export interface Accept {
  readonly type: 'accept';
  readonly key: string;
  readonly ballot: number;
  readonly value: Value;
}

/** A refusal of an accept, to the proposer: a higher ballot was promised. */
export interface Rejected {
  readonly type: 'rejected';
  readonly key: string;
  readonly ballot: number;
  readonly promised: number;
}

/** Phase 2b, to every learner: "I accepted `value` in `ballot`". */
export interface Accepted {
  readonly type: 'accepted';
  readonly key: string;
  readonly ballot: number;
  readonly value: Value;
}

export type PaxosMessage = ProposeRequest | ProposeReply | Prepare | PromiseReply | Accept | Rejected | Accepted;

const HEADER_BYTES = 32;

export function paxosMessageBytes(msg: PaxosMessage): number {
  return HEADER_BYTES + msg.key.length + 8;
}
