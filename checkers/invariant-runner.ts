// Runs invariants over a stream of observed events: each invariant gets a fresh checker,
// sees every event until it first fails, and that first failure is recorded with the
// event's index and time. atEnd() gives end-of-run checks their turn.

import type { Invariant, InvariantCheck, InvariantViolation, ObservedEvent, ViewOf } from './invariants.js';

interface Slot {
  readonly invariant: Invariant;
  readonly check: InvariantCheck;
  violation: InvariantViolation | null;
}

const NONE_FOUND: readonly InvariantViolation[] = Object.freeze([]);

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class InvariantRunner {
  private readonly slots: Slot[];
  /** Slots that see every event, and those that watch named events only (Invariant.watches). */
  private readonly everyEvent: Slot[];
  private readonly byEventName = new Map<string, Slot[]>();
  private nodeList: readonly string[];
  private lastTimeUs = 0;
  private ended = false;

  constructor(invariants: readonly Invariant[], nodes: readonly string[] = []) {
    const names = new Set<string>();
    for (const inv of invariants) {
      if (names.has(inv.name)) throw new Error(`invariant '${inv.name}' is listed twice`);
      names.add(inv.name);
    }
    this.slots = invariants.map((invariant) => ({ invariant, check: invariant.create(), violation: null }));
    this.everyEvent = this.slots.filter((slot) => slot.invariant.watches === undefined);
    for (const slot of this.slots) {
      for (const name of slot.invariant.watches ?? []) this.byEventName.set(name, [...(this.byEventName.get(name) ?? []), slot]);
    }
    this.nodeList = nodes.slice();
  }

  /** The node ids invariants see (update it when nodes join). */
  setNodes(nodes: readonly string[]): void {
    this.nodeList = nodes.slice();
  }

  get nodes(): readonly string[] {
    return this.nodeList;
  }

  /**
   * Feed one event. Returns the violations found at this event (first failures only).
   * An invariant that throws is reported as violated, with the error's message.
   */
  onEvent(event: ObservedEvent, viewOf: ViewOf): readonly InvariantViolation[] {
    if (this.ended) throw new Error('InvariantRunner: onEvent after atEnd');
    this.lastTimeUs = event.timeUs;
    // This runs per protocol event: the list is built only when something fails.
    let found = this.everyEvent.length === 0 ? NONE_FOUND : this.feed(this.everyEvent, event, viewOf, NONE_FOUND);
    const watching = this.byEventName.get(event.name);
    if (watching !== undefined) found = this.feed(watching, event, viewOf, found);
    return found;
  }

  /** Feed the slots; returns `found` plus their new violations (a new list when there are any). */
  private feed(slots: readonly Slot[], event: ObservedEvent, viewOf: ViewOf, found: readonly InvariantViolation[]): readonly InvariantViolation[] {
    for (let k = 0; k < slots.length; k++) {
      const slot = slots[k]!;
      if (slot.violation !== null || slot.check.onEvent === undefined) continue;
      let message: string | null;
      try {
        message = slot.check.onEvent(event, viewOf, this.nodeList);
      } catch (error) {
        message = `check threw: ${messageOf(error)}`;
      }
      if (message !== null) {
        slot.violation = { invariant: slot.invariant.name, eventIndex: event.index, timeUs: event.timeUs, message };
        found = [...found, slot.violation];
      }
    }
    return found;
  }

  /** End-of-run checks (eventIndex -1). Call once. */
  atEnd(viewOf: ViewOf, timeUs: number = this.lastTimeUs): InvariantViolation[] {
    if (this.ended) throw new Error('InvariantRunner: atEnd called twice');
    this.ended = true;
    const found: InvariantViolation[] = [];
    for (const slot of this.slots) {
      if (slot.violation !== null || slot.check.atEnd === undefined) continue;
      let message: string | null;
      try {
        message = slot.check.atEnd(viewOf, this.nodeList);
      } catch (error) {
        message = `check threw: ${messageOf(error)}`;
      }
      if (message !== null) {
        slot.violation = { invariant: slot.invariant.name, eventIndex: -1, timeUs, message };
        found.push(slot.violation);
      }
    }
    return found;
  }

  /** First violations so far, in the order the invariants were given. */
  get violations(): InvariantViolation[] {
    const out: InvariantViolation[] = [];
    for (const s of this.slots) if (s.violation !== null) out.push(s.violation);
    return out;
  }

  /** The first violation of the named invariant, or null. */
  violationOf(name: string): InvariantViolation | null {
    for (const s of this.slots) if (s.invariant.name === name) return s.violation;
    return null;
  }

  /** Whether any invariant looks at events (if none does, callers need not build them). */
  get watchesEvents(): boolean {
    return this.slots.some((s) => s.check.onEvent !== undefined);
  }

  /** Would an event of this name reach any invariant? (If not, callers need not build it.) */
  wants(name: string): boolean {
    return this.everyEvent.length > 0 || this.byEventName.has(name);
  }

  /** True while no invariant has failed. */
  get ok(): boolean {
    return this.slots.every((s) => s.violation === null);
  }
}

/** Run invariants over a finished list of events (convenience for tests and replays). */
export function runInvariants(
  invariants: readonly Invariant[],
  events: readonly ObservedEvent[],
  viewOf: ViewOf,
  nodes: readonly string[],
): InvariantViolation[] {
  const runner = new InvariantRunner(invariants, nodes);
  for (const e of events) runner.onEvent(e, viewOf);
  runner.atEnd(viewOf, events.length > 0 ? (events[events.length - 1] as ObservedEvent).timeUs : 0);
  return runner.violations;
}
