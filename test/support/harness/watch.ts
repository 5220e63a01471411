// What a hand-driven cluster shows its protocol's invariants: every logged event, crash and
// restart, as the kernel would, through the kernel's own InvariantRunner, with node views
// read lazily. The events are kept for tests to read (`eventsNamed`).
import { InvariantRunner } from '../../../checkers/invariant-runner.js';
import type { Invariant, InvariantViolation, ObservedEvent, ViewOf } from '../../../checkers/invariants.js';
import type { NodeId } from '../../../sim/types.js';

export class Watch {
  readonly events: ObservedEvent[] = [];
  private readonly runner: InvariantRunner;

  constructor(
    invariants: readonly Invariant[],
    nodes: readonly NodeId[],
    private readonly viewOf: ViewOf,
  ) {
    this.runner = new InvariantRunner(invariants, nodes);
  }

  observe(timeUs: number, node: NodeId, kind: string, name: string, fields: Record<string, unknown>): void {
    const event: ObservedEvent = { index: this.events.length, timeUs, kind, node, name, fields };
    this.events.push(event);
    this.runner.onEvent(event, this.viewOf);
  }

  /** Every invariant's end-of-run check (once, at the end). */
  atEnd(timeUs: number): void {
    this.runner.atEnd(this.viewOf, timeUs);
  }

  get violations(): InvariantViolation[] {
    return this.runner.violations;
  }

  violationOf(name: string): InvariantViolation | undefined {
    return this.runner.violationOf(name) ?? undefined;
  }

  eventsNamed(name: string, node?: NodeId): ObservedEvent[] {
    return this.events.filter((e) => e.name === name && (node === undefined || e.node === node));
  }
}
