// The `checks:` and `expect:` sections, resolved against the protocol: which checks run
// and which only report, each history's model, and what the run must show (a verdict, a
// named violation, events that must happen, bounds on measures).
import { MAIN_HISTORY } from '../../checkers/history.js';
import { MEMORY_BYTES_DEFAULT } from '../../checkers/linearizability/memory.js';
import { AVAILABILITY_WINDOW_US_DEFAULT } from '../../checkers/measures/op-stats.js';
import { MODEL_NAMES } from '../../checkers/models/registry.js';
import { KERNEL_EVENTS } from '../events.js';
import { MEASURE_NAMES } from '../measures.js';
import type { AnyProtocol } from '../protocol.js';
import { FieldError, unknownName } from './errors.js';
import { SEARCH_STEPS_DEFAULT, type ScenarioFile } from './file-schema.js';
import type { ChecksSpec, CheckName, Expectation, MeasureBounds } from './types.js';

export const LINEARIZABILITY = 'linearizability';

export function resolveChecks(raw: ScenarioFile['checks'], protocol: AnyProtocol): ChecksSpec {
  const base = { reportOnly: [], models: {}, availabilityWindowUs: AVAILABILITY_WINDOW_US_DEFAULT, searchStepsMax: SEARCH_STEPS_DEFAULT, checkMemoryBytesMax: MEMORY_BYTES_DEFAULT };
  if (raw === undefined) return { linearizability: true, invariants: true, ...base };
  if (Array.isArray(raw)) {
    raw.forEach((name, i) => {
      if (raw.indexOf(name) !== i) throw new FieldError(['checks', i], `${name} is listed twice`);
    });
    return { linearizability: raw.includes('linearizability'), invariants: raw.includes('invariants'), ...base };
  }
  const object = raw as Exclude<typeof raw, readonly unknown[]>;
  const reportOnly: CheckName[] = [];
  if (object.linearizability === 'report') reportOnly.push('linearizability');
  if (object.invariants === 'report') reportOnly.push('invariants');
  const models: Record<string, string> = {};
  if (object.model !== undefined) models[MAIN_HISTORY] = checkModel(object.model, ['checks', 'model']);
  const histories = [MAIN_HISTORY, ...Object.keys(protocol.histories ?? {})];
  for (const [history, model] of Object.entries(object.models ?? {})) {
    if (!histories.includes(history)) {
      throw new FieldError(['checks', 'models', history], unknownName(`${protocol.name} records no history ${JSON.stringify(history)}`, history, histories, 'histories'));
    }
    models[history] = checkModel(model, ['checks', 'models', history]);
  }
  return {
    linearizability: object.linearizability !== false,
    invariants: object.invariants !== false,
    reportOnly,
    models,
    availabilityWindowUs: object.availabilityWindow,
    searchStepsMax: object.searchSteps,
    checkMemoryBytesMax: object.maxMemory,
  };
}

function checkModel(model: string, path: (string | number)[]): string {
  if (!MODEL_NAMES.includes(model)) throw new FieldError(path, unknownName(`unknown model ${JSON.stringify(model)}`, model, MODEL_NAMES, 'models'));
  return model;
}

export function resolveExpect(raw: ScenarioFile['expect'], protocol: AnyProtocol, checks: ChecksSpec): Expectation {
  const violation = raw.violation ?? null;
  const verdict = raw.verdict ?? (violation === null ? 'pass' : 'violation');
  if (verdict !== 'violation' && violation !== null) {
    throw new FieldError(['expect', 'violation'], `a scenario expected to end in ${verdict} names no violation; set verdict: violation`);
  }
  if (violation !== null) checkExpectedViolation(violation, protocol, checks);
  return { verdict, violation, sometimes: resolveSometimes(raw.sometimes, protocol), measures: resolveMeasureBounds(raw.measures ?? {}, protocol), emptyCapture: raw.emptyCapture };
}

/** `sometimes` names events: the protocol's declared ones or the kernel's (unchecked when it declares none). */
function resolveSometimes(names: readonly string[], protocol: AnyProtocol): string[] {
  if (protocol.events === undefined) return [...names];
  const known = [...Object.keys(protocol.events), ...KERNEL_EVENTS];
  names.forEach((name, i) => {
    if (!known.includes(name)) {
      throw new FieldError(['expect', 'sometimes', i], unknownName(`${protocol.name} logs no event ${JSON.stringify(name)}`, name, known, 'events'));
    }
  });
  return [...names];
}

function checkExpectedViolation(violation: string, protocol: AnyProtocol, checks: ChecksSpec): void {
  const invariants = (protocol.invariants ?? []).map((invariant) => invariant.name);
  const known = [LINEARIZABILITY, ...invariants];
  if (!known.includes(violation)) {
    throw new FieldError(
      ['expect', 'violation'],
      unknownName(`${JSON.stringify(violation)} is not a check of ${protocol.name}`, violation, known, 'known'),
    );
  }
  const check: CheckName = violation === LINEARIZABILITY ? 'linearizability' : 'invariants';
  const what = check === 'linearizability' ? 'a linearizability violation' : `invariant ${violation} to fail`;
  if (!checks[check]) throw new FieldError(['expect', 'violation'], `expects ${what}, but checks leave ${check} off`);
  if (checks.reportOnly.includes(check)) {
    throw new FieldError(['expect', 'violation'], `expects ${what}, but ${check} is report-only (checks.${check}: report)`);
  }
}

/** Bounds on measures: the kernel's (sim/measures.ts) or the protocol's own summary figures (its statLabels). */
function resolveMeasureBounds(raw: Readonly<Record<string, { min?: number; max?: number }>>, protocol: AnyProtocol): Record<string, MeasureBounds> {
  const out: Record<string, MeasureBounds> = {};
  const known = [...MEASURE_NAMES, ...Object.keys(protocol.statLabels ?? {})];
  for (const [name, bounds] of Object.entries(raw)) {
    if (!known.includes(name)) {
      throw new FieldError(['expect', 'measures', name], unknownName(`unknown measure ${JSON.stringify(name)}`, name, known, 'measures'));
    }
    const min = bounds.min ?? null;
    const max = bounds.max ?? null;
    if (min === null && max === null) throw new FieldError(['expect', 'measures', name], 'expected min, max or both');
    if (min !== null && max !== null && min > max) throw new FieldError(['expect', 'measures', name], `min ${min} is more than max ${max}`);
    out[name] = { min, max };
  }
  return out;
}
