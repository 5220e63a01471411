// Starting and ending message faults (sim/message-faults.ts): resolve the filter's targets
// at the moment the fault fires, add the rule, and say how its window ends.
import type { AppliedFault, FaultableWorld, KernelAction } from './faults.js';
import { describeFilter, type ResolvedFilter } from './message-faults.js';
import type { FaultAction, MessageEffect, MessageFilter } from './scenario/types.js';
import { resolveTargets } from './targets.js';

type MessageAction = Extract<FaultAction, { readonly effect: unknown }> | Extract<KernelAction, { kind: 'end-message-fault' }>;

export function applyMessageFault(world: FaultableWorld, action: MessageAction, timed: boolean): AppliedFault {
  if (action.kind === 'end-message-fault') {
    world.messageFaults.remove(action.rule);
    return { detail: { rule: action.rule }, undo: null };
  }
  const filter = resolveFilter(world, action.filter);
  const rule = world.messageFaults.add(action.effect, filter, action.count);
  const ids = (nodes: ReadonlySet<number> | null) => (nodes === null ? undefined : [...nodes].map((i) => world.hosts[i]!.id));
  const detail: Record<string, unknown> = {
    rule: rule.id,
    ...describeFilter(action.filter),
    ...(filter.from !== null ? { fromNodes: ids(filter.from) } : {}),
    ...(filter.to !== null ? { toNodes: ids(filter.to) } : {}),
    ...(action.count !== null ? { count: action.count } : {}),
    ...effectDetail(action.effect),
  };
  return { detail, undo: timed ? { kind: 'end-message-fault', rule: rule.id } : null };
}

function resolveFilter(world: FaultableWorld, filter: MessageFilter): ResolvedFilter {
  return {
    from: filter.from === null ? null : new Set(resolveTargets(world, filter.from)),
    to: filter.to === null ? null : new Set(resolveTargets(world, filter.to)),
    type: filter.type,
    where: Object.entries(filter.where),
  };
}

function effectDetail(effect: MessageEffect): Record<string, unknown> {
  switch (effect.kind) {
    case 'delay':
      return effect.untilUs !== null ? { untilUs: effect.untilUs } : { byUs: effect.byUs };
    case 'reorder':
      return { withinUs: effect.withinUs };
    case 'drop':
    case 'duplicate':
      return {};
  }
}
