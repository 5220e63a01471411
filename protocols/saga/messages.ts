// Messages of the saga protocols. Services (and the orchestrator) talk only through the
// broker (publish, deliver, ack); clients talk to the entry node directly: the
// orchestrator, or in the choreographed saga the order service.

/** What a service is asked: do its step, undo it (compensate), or (order only) finish it. */
export type Action = 'do' | 'undo' | 'finish';

/** Orchestrated: the orchestrator tells one service what to do. */
export interface Command {
  readonly kind: 'command';
  readonly saga: string;
  readonly action: Action;
  readonly qty: number;
  readonly amount: number;
}

/** Orchestrated: a service tells the orchestrator how a command went. */
export interface Reply {
  readonly kind: 'reply';
  readonly saga: string;
  readonly service: string;
  readonly action: Action;
  readonly ok: boolean;
  readonly reason: string;
}

/** Choreographed: a service says what happened (`stock-reserved`); whoever subscribes reacts. */
export interface SagaEvent {
  readonly kind: 'event';
  readonly saga: string;
  readonly name: string;
  readonly qty: number;
  readonly amount: number;
}

export type Body = Command | Reply | SagaEvent;

export type SagaMessage =
  | { type: 'order'; saga: string; qty: number; amount: number }
  | { type: 'accepted'; saga: string }
  /** A client asks how an accepted saga ended (its outcome may have been lost); unanswered while it runs. */
  | { type: 'status'; saga: string }
  | { type: 'outcome'; saga: string; completed: boolean; reason: string }
  /**
   * `queue` names a queue, or a topic the broker fans out; `confirm` asks for `published`.
   * `ack` acknowledges the delivery whose handling this publish is (the consumer's ack
   * rides on it, as a consume-and-produce transaction does), or is null.
   */
  | { type: 'publish'; queue: string; id: string; body: Body; confirm: boolean; ack: string | null }
  /** Publisher confirms: these publishes are durable at the broker (batched: confirms.ts). */
  | { type: 'published'; ids: readonly string[] }
  | { type: 'deliver'; queue: string; id: string; attempt: number; body: Body }
  /** A delivery handled with nothing to publish (or nothing to publish at once) is acked on its own. */
  | { type: 'ack'; id: string };

export function sagaMessageBytes(msg: SagaMessage): number {
  return 48 + (msg.type === 'publish' || msg.type === 'deliver' ? 64 : 0);
}
