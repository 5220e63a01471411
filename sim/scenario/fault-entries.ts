// A resolved fault written back in the scenario file's syntax: the exact inverse of loading
// one (resolve.ts), so that a schedule written out (a drawn nemesis, a shrunk run) loads to
// the same faults and replays to the same trace hash. Durations keep every microsecond.
import { formatDurationUs } from '../durations.js';
import type { FaultAction, FaultSpec, LatencySpec, LinkSpec, MessageFilter, PartitionSpec } from './types.js';
import type { Micros } from '../types.js';

/** A duration the loader reads back to exactly `us`: `2s`, `150ms`, `1234.567ms`, `12us`. */
export function exactDuration(us: Micros): string {
  if (us % 1_000 === 0 || Math.abs(us) < 1_000) return formatDurationUs(us);
  return `${us / 1_000}ms`;
}

/** `{ at, <action>: ..., for? }` as a scenario file writes it. */
export function faultEntry(fault: FaultSpec): Record<string, unknown> {
  const length = fault.forever === true ? { for: 'forever' } : fault.forUs !== null ? { for: exactDuration(fault.forUs) } : {};
  return { at: exactDuration(fault.atUs), ...actionEntry(fault.action), ...length };
}

function actionEntry(action: FaultAction): Record<string, unknown> {
  switch (action.kind) {
    case 'partition':
      return { partition: partitionEntry(action.partition) };
    case 'heal':
      return { heal: 'all' };
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
    case 'clog':
    case 'unclog':
      return { [action.kind]: [...action.targets] };
    case 'clock-step':
      return { clock: { node: [...action.targets], step: exactDuration(action.stepUs) } };
    case 'drift':
      return { drift: { node: [...action.targets], ppm: action.driftPpm } };
    case 'loss':
      return { loss: action.drop };
    case 'membership':
      return { membership: { [action.change]: action.target } };
    case 'capture':
      return { capture: { ...action.bindings } };
    case 'link':
      return {
        link: { ...(action.from !== null ? { from: [...action.from] } : {}), ...(action.to !== null ? { to: [...action.to] } : {}), ...linkSettings(action.settings) },
      };
    case 'connect':
      return { connect: action.links.map((e) => ('group' in e ? [...e.group] : { from: [...e.from], to: [...e.to] })) };
    case 'wipe':
      return { wipe: [...action.targets] };
    case 'lose-synced':
      return { loseSynced: { node: [...action.targets], writes: action.writes } };
    case 'corrupt':
      return { corrupt: { node: [...action.targets], key: action.keyPrefix } };
    case 'drop':
    case 'delay':
    case 'duplicate':
    case 'reorder': {
      const effect = action.effect;
      const by = effect.kind === 'reorder' ? effect.withinUs : effect.kind === 'delay' ? effect.byUs : null;
      const until = effect.kind === 'delay' ? effect.untilUs : null;
      return {
        [action.kind]: filterEntry(action.filter),
        ...(action.count !== null ? { count: action.count } : {}),
        ...(by !== null ? { by: exactDuration(by) } : {}),
        ...(until !== null ? { until: exactDuration(until) } : {}),
      };
    }
  }
}

function partitionEntry(partition: PartitionSpec): unknown {
  switch (partition.shape) {
    case 'groups':
      return partition.groups.map((group) => [...group]);
    case 'oneway':
      return { oneway: { from: [...partition.from], to: [...partition.to] } };
    case 'bridge':
      return { bridge: partition.via, ...(partition.sides !== undefined ? { sides: partition.sides.map((s) => [...s]) } : {}) };
  }
}

function filterEntry(filter: MessageFilter): Record<string, unknown> {
  return {
    ...(filter.from !== null ? { from: [...filter.from] } : {}),
    ...(filter.to !== null ? { to: [...filter.to] } : {}),
    ...(filter.type !== null ? { type: filter.type } : {}),
    ...(Object.keys(filter.where).length > 0 ? { where: { ...filter.where } } : {}),
  };
}

function linkSettings(settings: Partial<LinkSpec>): Record<string, unknown> {
  return {
    ...(settings.latency !== undefined ? { latency: latencyEntry(settings.latency) } : {}),
    ...(settings.drop !== undefined ? { drop: settings.drop } : {}),
    ...(settings.duplicate !== undefined ? { duplicate: settings.duplicate } : {}),
    ...(settings.reorder !== undefined ? { reorder: settings.reorder } : {}),
    ...(settings.reorderDelayUs !== undefined ? { reorderDelay: exactDuration(settings.reorderDelayUs) } : {}),
  };
}

function latencyEntry(spec: LatencySpec): unknown {
  switch (spec.dist) {
    case 'constant':
      return exactDuration(spec.valueUs);
    case 'uniform':
      return `${exactDuration(spec.minUs)}..${exactDuration(spec.maxUs)}`;
    case 'normal':
      return { dist: 'normal', mean: exactDuration(spec.meanUs), stddev: exactDuration(spec.stddevUs) };
    case 'exponential':
      return { dist: 'exponential', mean: exactDuration(spec.meanUs) };
    case 'lognormal':
      return { dist: 'lognormal', median: exactDuration(spec.medianUs), p99: exactDuration(spec.p99Us) };
    case 'bimodal':
      return { dist: 'bimodal', fast: latencyEntry(spec.fast), slow: latencyEntry(spec.slow), slowProbability: spec.slowProbability };
  }
}
