// Loading a scenario for a command: where the file is (the current directory first, then
// the scenarios shipped with the package), the registry of protocols, `--set` overrides
// and `--seed`, with every problem reported as one line (exit 2).
import { statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { loadScenarioFile } from '../sim/scenario/index.js';
import type { Scenario } from '../sim/scenario/types.js';
import type { AnyProtocol } from '../sim/protocol.js';
import { PROTOCOLS } from '../protocols/registry.js';
import { UsageError } from './errors.js';
import { err } from './output/stdio.js';
import { PACKAGE_ROOT, SHIPPED_SCENARIOS_DIR } from './package-info.js';

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

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Where a scenario argument points: the path itself when it exists (from the current
 * directory); else, for a relative path, the package's own file (`scenarios/raft/x.yaml`
 * works from any directory) or a shipped scenario (`raft/x.yaml`). Null when none exists.
 */
export function findScenarioFile(arg: string): string | null {
  if (isFile(arg)) return arg;
  if (isAbsolute(arg)) return null;
  for (const candidate of [join(PACKAGE_ROOT, arg), join(SHIPPED_SCENARIOS_DIR, arg)]) {
    if (isFile(candidate)) return candidate;
  }
  return null;
}

/** Resolve a scenario argument, saying on stderr when it came from the package. */
export function resolveScenarioArg(arg: string): string {
  const found = findScenarioFile(arg);
  if (found === null) {
    // A directory or an unreadable file gets the loader's own message.
    if (statOrNull(arg) !== null) return arg;
    throw new UsageError(
      `${arg}: no such scenario file (looked in the current directory and in the shipped scenarios, ${relativeOrAbsolute(SHIPPED_SCENARIOS_DIR)})`,
    );
  }
  if (found !== arg) err(`scenario ${found} (shipped with faultline; ${arg} is not in the current directory)\n`);
  return found;
}

function statOrNull(path: string): unknown {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function relativeOrAbsolute(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}

/** Load a scenario file that is already resolved (resolveScenarioArg). */
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
