// Message faults: drop, delay, duplicate or reorder the messages that match a filter (from,
// to, message type, field values), for the next k matches or every match in a window.
// Targets resolve when the fault fires; from then on each message sent across the network
// is checked against the active rules, oldest first, and the first match touches it. A
// message to the sender itself never crosses the network and is never touched.
import type { Message, Micros } from './types.js';
import type { MessageEffect, MessageFilter } from './scenario/types.js';
import type { Uniform } from './rng.js';


/** A filter with its targets resolved to node indexes (null: any node). */
export interface ResolvedFilter {
  readonly from: ReadonlySet<number> | null;
  readonly to: ReadonlySet<number> | null;
  readonly type: string | null;
  readonly where: readonly (readonly [string, string | number | boolean])[];
}

export interface MessageRule {
  /** `m1`, `m2`, ...: the name trace records of touched messages carry. */
  readonly id: string;
  readonly effect: MessageEffect;
  readonly filter: ResolvedFilter;
  /** Matches left before the rule ends by itself; Infinity: until its window ends. */
  remaining: number;
  /** Messages touched so far (for the trace and tests). */
  touched: number;
}

/** The most rules active at once: a scenario or nemesis that piles up more is a bug. */
export const MESSAGE_RULES_MAX = 1_000;

export class MessageFaults {
  private readonly rules: MessageRule[] = [];
  private nextId = 1;

  constructor(private readonly random: Uniform) {}

  /** True when some rule is active: the send path checks this before anything else. */
  get active(): boolean {
    return this.rules.length > 0;
  }

  add(effect: MessageEffect, filter: ResolvedFilter, count: number | null): MessageRule {
    if (this.rules.length >= MESSAGE_RULES_MAX) {
      throw new Error(`more than ${MESSAGE_RULES_MAX} message faults active at once`);
    }
    const rule: MessageRule = { id: `m${this.nextId++}`, effect, filter, remaining: count ?? Infinity, touched: 0 };
    this.rules.push(rule);
    return rule;
  }

  /** End one rule (its window closed); a rule that ran out of matches is already gone. */
  remove(id: string): void {
    const k = this.rules.findIndex((r) => r.id === id);
    if (k >= 0) this.rules.splice(k, 1);
  }

  /**
   * The settle phase ends every rule without a count; a rule with one stays until it has
   * touched its k messages (a bounded fault cannot stop progress for good).
   */
  clearUnbounded(keep: ReadonlySet<string>): void {
    for (let k = this.rules.length - 1; k >= 0; k--) {
      const rule = this.rules[k]!;
      if (rule.remaining === Infinity && !keep.has(rule.id)) this.rules.splice(k, 1);
    }
  }

  /** The rule that touches this message (counted as one of its matches), or null. */
  take(from: number, to: number, msg: Message): MessageRule | null {
    for (let k = 0; k < this.rules.length; k++) {
      const rule = this.rules[k]!;
      if (!matches(rule.filter, from, to, msg)) continue;
      rule.touched++;
      rule.remaining--;
      if (rule.remaining <= 0) this.rules.splice(k, 1);
      return rule;
    }
    return null;
  }

  /** When a message the rule touched arrives, given when the network would deliver it. */
  arrivalUs(rule: MessageRule, networkArrivalUs: Micros): Micros {
    const effect = rule.effect;
    switch (effect.kind) {
      case 'delay':
        return effect.untilUs !== null
          ? Math.max(networkArrivalUs, effect.untilUs)
          : networkArrivalUs + effect.byUs!;
      case 'reorder':
        return networkArrivalUs + Math.round(this.random() * effect.withinUs);
      case 'drop':
      case 'duplicate':
        return networkArrivalUs;
    }
  }
}

function matches(filter: ResolvedFilter, from: number, to: number, msg: Message): boolean {
  if (filter.type !== null && msg.type !== filter.type) return false;
  if (filter.from !== null && !filter.from.has(from)) return false;
  if (filter.to !== null && !filter.to.has(to)) return false;
  for (const [field, value] of filter.where) {
    if ((msg as unknown as Record<string, unknown>)[field] !== value) return false;
  }
  return true;
}

/** The filter for the trace: ids instead of indexes, only the parts given. */
export function describeFilter(filter: MessageFilter): Record<string, unknown> {
  return {
    ...(filter.from !== null ? { from: filter.from } : {}),
    ...(filter.to !== null ? { to: filter.to } : {}),
    ...(filter.type !== null ? { type: filter.type } : {}),
    ...(Object.keys(filter.where).length > 0 ? { where: filter.where } : {}),
  };
}
