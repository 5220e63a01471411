// Loading a scenario for a command: the registry of protocols, `--set` overrides and
// `--seed`, with every problem reported as one line (exit 2).
import { loadScenarioFile } from '../sim/scenario/index.js';
import type { Scenario } from '../sim/scenario/types.js';
import type { AnyProtocol } from '../sim/protocol.js';
import { PROTOCOLS } from '../protocols/registry.js';
import { UsageError } from './errors.js';

export interface ScenarioOptions {
  readonly seed?: string;
  readonly set?: readonly string[];
}

export function parseSeed(text: string, option = '--seed'): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`${option}: expected a whole number >= 0, got "${text}"`);
  }
  return Number(text);
}

export function loadScenario(file: string, options: ScenarioOptions): { scenario: Scenario; protocol: AnyProtocol } {
  const scenario = loadScenarioFile(file, {
    protocols: PROTOCOLS,
    overrides: options.set ?? [],
    ...(options.seed !== undefined ? { seed: parseSeed(options.seed) } : {}),
  });
  return { scenario, protocol: PROTOCOLS.get(scenario.protocol)! };
}

/** commander collector for repeatable options (`--set a=1 --set b=2`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
