// Invariants: named predicates over what nodes report (`inspect()` views) and the
// protocol events they log. They know nothing of the simulator: a runner feeds them
// events and lets them look at node views lazily.

/** A protocol or lifecycle event as invariants see it. */
export interface ObservedEvent {
  /** Index of the event in the run's trace. */
  readonly index: number;
  readonly timeUs: number;
  /**
   * 'log' for protocol events; 'crash' | 'restart' | 'start' for node lifecycle; 'fault'
   * for a fault the schedule or nemesis applied (name = its kind, `fields.nodes` = whom it
   * touched when it touches nodes; node = '').
   */
  readonly kind: string;
  readonly node: string;
  /** For 'log': the event name given to ctx.log. */
  readonly name: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Read a node's current view (its `inspect()`), computed only when asked. */
export type ViewOf = (node: string) => Readonly<Record<string, unknown>> & { readonly role?: string };

/** Per-run state of one invariant. Return a message to report a violation, else null. */
export interface InvariantCheck {
  onEvent?(event: ObservedEvent, viewOf: ViewOf, nodes: readonly string[]): string | null;
  atEnd?(viewOf: ViewOf, nodes: readonly string[]): string | null;
}

export interface Invariant {
  readonly name: string;
  readonly description: string;
  /**
   * The event names its `onEvent` looks at, when it looks at only a few: the runner then
   * hands it only those (an invariant watching one rare event costs nothing per other
   * event). Absent: every event.
   */
  readonly watches?: readonly string[];
  /** A fresh checker for one run. */
  create(): InvariantCheck;
}

export interface InvariantViolation {
  readonly invariant: string;
  /** Trace index of the event at which it first failed; -1 when found at the end. */
  readonly eventIndex: number;
  readonly timeUs: number;
  readonly message: string;
}
