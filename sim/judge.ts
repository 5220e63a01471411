// The verdict of a run, and whether it is the one the scenario expects. The order says
// what matters most: an error, then safety (violations), then budgets, then an unknown
// search, then liveness (progress after the faults), then "sometimes" events.
import type { LinearizabilityOutcome } from './checks.js';
import { boundBreach } from './measures.js';
import type { Verdict, Violation } from './run.js';
import type { MeasureBounds, Scenario } from './scenario/types.js';
import type { Micros } from './types.js';
import type { WorldOutcome } from './world.js';

export function judge(
  scenario: Scenario,
  outcome: WorldOutcome,
  violations: readonly Violation[],
  histories: readonly LinearizabilityOutcome[],
): { verdict: Verdict; reason: string } {
  if (outcome.error !== null) {
    const e = outcome.error;
    return { verdict: 'error', reason: `${e.node} threw in ${e.handler} at event ${e.eventIndex}: ${e.message}` };
  }
  if (violations.length > 0) {
    return { verdict: 'violation', reason: violations.map((v) => `${v.check}: ${v.message}`).join('; ') };
  }
  if (outcome.endReason === 'events-budget') {
    return { verdict: 'budget-exhausted', reason: `budget exhausted: more than ${scenario.limits.eventsMax} events` };
  }
  if (outcome.endReason === 'virtual-time-budget') {
    return { verdict: 'budget-exhausted', reason: `budget exhausted: more than ${formatSeconds(scenario.limits.virtualTimeUsMax ?? 0)} of virtual time` };
  }
  const outOfWallTime = histories.some((h) => h.mode === 'verdict' && h.unknownReason === 'wall-time');
  if (outcome.endReason === 'wall-budget' || outOfWallTime) {
    return { verdict: 'budget-exhausted', reason: `budget exhausted: more than ${scenario.limits.wallMsMax}ms of wall time (not reproducible)` };
  }
  const unknown = histories.find((h) => h.mode === 'verdict' && h.verdict === 'unknown');
  if (unknown !== undefined) {
    const which = unknown.history === 'main' ? '' : ` of the ${unknown.history} history`;
    return { verdict: 'unknown', reason: `the linearizability search${which} ran out of budget: ${unknown.message}` };
  }
  const empty = outcome.emptyCaptures[0];
  if (empty !== undefined) {
    const reason = `capture ${empty.name} (${empty.target}) bound no node at ${formatSeconds(empty.atUs)}`;
    return { verdict: scenario.expect.emptyCapture, reason };
  }
  if (outcome.ops.invoked > 0 && outcome.firstOkAfterSettleUs === null) {
    // The settle phase heals every fault except those written `for: forever`.
    const since = outcome.settleStartUs === null ? 'during the run' : `in the ${formatSeconds(outcome.endUs - outcome.settleStartUs)} after the settle phase healed the faults (all but any kept forever)`;
    return { verdict: 'no-progress', reason: `no progress: no operation completed ok ${since}` };
  }
  const missing = scenario.expect.sometimes.filter((name) => !outcome.eventsSeen.has(name));
  if (missing.length > 0) {
    return { verdict: 'vacuous', reason: `never happened: ${missing.join(', ')}` };
  }
  return { verdict: 'pass', reason: '' };
}

export function matchesExpectation(expect: Scenario['expect'], verdict: Verdict, violations: readonly Violation[]): boolean {
  if (expect.verdict === 'pass') return verdict === 'pass';
  if (expect.verdict === 'violation') {
    return verdict === 'violation' && (expect.violation === null || violations.some((v) => v.check === expect.violation));
  }
  return verdict === expect.verdict;
}

/** A violation (check `measures`) per measure outside the bounds `expect.measures` sets. */
export function measureViolations(bounds: Readonly<Record<string, MeasureBounds>>, values: Readonly<Record<string, number | null>>): Violation[] {
  const out: Violation[] = [];
  for (const [name, bound] of Object.entries(bounds)) {
    const breach = boundBreach(name, values[name] ?? null, bound);
    if (breach !== null) out.push({ check: 'measures', message: breach, eventIndex: null, timeUs: null });
  }
  return out;
}

function formatSeconds(us: Micros): string {
  return `${Math.round(us / 10_000) / 100}s`;
}
