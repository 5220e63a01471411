// The `nemesis:` section after validation: its kinds (a list, or kind -> weight or settings),
// their targets checked against the scenario's names, and the window faults may start in.
import { FieldError, type PathSegment } from './errors.js';
import { formatDurationUs } from './fields.js';
import { nemesisObject, type ScenarioFile } from './file-schema.js';
import { targetList, type TargetNames } from './targets.js';
import type { NemesisKind, NemesisKindSpec, NemesisSpec } from './types.js';

/** Kinds whose drawn faults have nothing to aim at (network-wide) or may not last forever. */
const UNTARGETED: readonly NemesisKind[] = ['loss'];
const NEVER_FOREVER: readonly NemesisKind[] = ['clock', 'client-clock', 'membership'];
/** A target keyword of the nemesis only: the leader 30% of the time, else any server. */
export const ANY_TARGET = 'any';

type RawNemesis = Exclude<ScenarioFile['nemesis'], boolean | null | undefined>;

export function resolveNemesis(
  raw: ScenarioFile['nemesis'],
  durationUs: number,
  settleUs: number,
  names: TargetNames,
): NemesisSpec | null {
  if (raw === undefined || raw === null || raw === false) return null;
  const settings = raw === true ? nemesisObject.parse({}) : raw;
  if (settings.duration.minUs <= 0) throw new FieldError(['nemesis', 'duration'], 'must be more than 0');
  return {
    kinds: resolveKinds(settings.kinds, names),
    intervalUs: settings.interval,
    durationMinUs: settings.duration.minUs,
    durationMaxUs: settings.duration.maxUs,
    startUs: settings.start,
    stopUs: resolveStop(settings, raw === true, durationUs, settleUs),
    clockStepMaxUs: settings.clockStep,
    driftMaxPpm: settings.drift,
    lossMax: settings.loss,
    reorderMaxUs: settings.reorder,
    latencyMinUs: settings.latency.minUs,
    latencyMaxUs: settings.latency.maxUs,
    foreverMax: settings.foreverMax,
  };
}

function resolveKinds(raw: RawNemesis['kinds'], names: TargetNames): NemesisKindSpec[] {
  const path: PathSegment[] = ['nemesis', 'kinds'];
  if (Array.isArray(raw)) {
    raw.forEach((kind, i) => {
      if (raw.indexOf(kind) !== i) throw new FieldError([...path, i], `${kind} is listed twice`);
    });
    return raw.map((kind) => ({ kind, weight: 1, targets: null, foreverProbability: 0 }));
  }
  return Object.entries(raw).map(([key, value]) => {
    const kind = key as NemesisKind;
    const at = [...path, kind];
    if (typeof value === 'number') return { kind, weight: value, targets: null, foreverProbability: 0 };
    if (value.target !== undefined && UNTARGETED.includes(kind)) {
      throw new FieldError([...at, 'target'], `${kind} is network-wide and takes no target`);
    }
    if (value.forever > 0 && NEVER_FOREVER.includes(kind)) {
      throw new FieldError([...at, 'forever'], `${kind} faults are instants or permanent already; forever goes with the others`);
    }
    const targets = value.target === undefined ? null : nemesisTargets(value.target, [...at, 'target'], names);
    return { kind, weight: value.weight, targets, foreverProbability: value.forever };
  });
}

/** Candidates: the scenario's targets, or `any`. */
function nemesisTargets(raw: string | readonly string[], path: readonly PathSegment[], names: TargetNames): string[] {
  if (typeof raw === 'string') return raw === ANY_TARGET ? [raw] : targetList(raw, path, names);
  raw.forEach((target, i) => {
    if (target !== ANY_TARGET) targetList(target, [...path, i], names);
    if (raw.indexOf(target) !== i) throw new FieldError([...path, i], `${JSON.stringify(target)} is listed twice`);
  });
  return [...raw];
}

function resolveStop(settings: RawNemesis, defaults: boolean, durationUs: number, settleUs: number): number {
  const path: PathSegment[] = defaults ? ['nemesis'] : ['nemesis', 'stop'];
  if (settings.stop === undefined) {
    const stopUs = durationUs - settleUs;
    if (stopUs <= settings.start) {
      throw new FieldError(
        defaults ? path : ['nemesis'],
        `no time for faults: start ${formatDurationUs(settings.start)} is not before stop ${formatDurationUs(Math.max(0, stopUs))} ` +
          `(duration ${formatDurationUs(durationUs)} - settle ${formatDurationUs(settleUs)}); set nemesis.start/stop or a longer duration`,
      );
    }
    return stopUs;
  }
  if (settings.stop > durationUs) throw new FieldError(path, `must be at most the duration (${formatDurationUs(durationUs)})`);
  if (settings.stop <= settings.start) throw new FieldError(path, `must be after nemesis.start (${formatDurationUs(settings.start)})`);
  return settings.stop;
}
