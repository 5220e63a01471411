// The events of the scheduler loop: their kinds and the one reused object the loop pops
// each into. While pending, an event is not an object: the queue keeps its fields in
// typed arrays (see EventQueue).
import type { QueuedEvent } from './scheduler.js';
import type { Micros } from './types.js';

/** What an event does; stored as a small integer in the queue. */
export const EventKind = {
  /** A message arrives: node = receiver, peer = sender, n = sent-at time. */
  deliver: 0,
  /** A timer comes due: node = owner, n = timer id. */
  timer: 1,
  /** A scheduled fault fires (or its undo, or the settle): payload = ScheduledFault. */
  fault: 2,
  /** An open-loop arrival: the next idle client gets an op. */
  arrival: 3,
  /** A closed-loop client (node) issues its next op. */
  invoke: 4,
  /** A client's (node) op n times out. */
  timeout: 5,
  /** A node's disk sync completes: node = owner, n = sync id. */
  sync: 6,
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

/**
 * One event. The loop pops every event into one reused SimEvent; a handler that must keep
 * an event for later (a clogged link, a paused node) keeps a copy. `n` is a number whose
 * meaning depends on the kind; the getters name it.
 */
export class SimEvent implements QueuedEvent {
  constructor(
    public atUs: Micros,
    public kind: number,
    /** The node it happens at (receiver, timer owner, client); -1 for the world. */
    public node: number,
    /** The sender of a message; -1 otherwise. */
    public peer: number,
    /** Sent-at time of a message, timer id, or op id. */
    public n: number,
    public payload: unknown,
  ) {}

  /** A held copy (clogged link, paused node) whose message was handled: it must never be handled again. */
  handled = false;

  /** A delivery: when the message was sent (true time). */
  get sentAtUs(): Micros {
    return this.n;
  }

  /** A timer event: the timer's id. */
  get timerId(): number {
    return this.n;
  }

  /** A timeout event: the op's id. */
  get opId(): number {
    return this.n;
  }

  copy(): SimEvent {
    return new SimEvent(this.atUs, this.kind, this.node, this.peer, this.n, this.payload);
  }
}
