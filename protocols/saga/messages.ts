// Messages of the saga protocol. Services and the orchestrator talk only through the
// broker (publish, deliver, ack); clients talk to the orchestrator directly.

/** What a service is asked: do its step, undo it (compensate), or (order only) finish it. */
export type Action = 'do' | 'undo' | 'finish';

export interface Command {
  readonly kind: 'command';
  readonly saga: string;
  readonly action: Action;
  readonly qty: number;
  readonly amount: number;
}

export interface Reply {
  readonly kind: 'reply';
  readonly saga: string;
  readonly service: string;
  readonly action: Action;
  readonly ok: boolean;
  readonly reason: string;
}

export type Body = Command | Reply;

export type SagaMessage =
  | { type: 'order'; saga: string; qty: number; amount: number }
  | { type: 'accepted'; saga: string }
  | { type: 'outcome'; saga: string; completed: boolean; reason: string }
  | { type: 'publish'; queue: string; id: string; body: Body }
  | { type: 'deliver'; queue: string; id: string; attempt: number; body: Body }
  | { type: 'ack'; queue: string; id: string };

export function sagaMessageBytes(msg: SagaMessage): number {
  return 48 + (msg.type === 'publish' || msg.type === 'deliver' ? 64 : 0);
}
