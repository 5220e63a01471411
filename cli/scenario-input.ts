// Loading a scenario for a command: where the file is (the current directory first, then
// the scenarios shipped with the package), the registry of protocols, `--set` overrides
// and `--seed`, with every problem reported as one line (exit 2).
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadScenarioFile } from '../sim/scenario/index.js';
import { OverrideError, parseOverride } from '../sim/scenario/overrides.js';
import type { Scenario } from '../sim/scenario/types.js';
import type { AnyProtocol } from '../sim/protocol.js';
import { PROTOCOLS } from '../protocols/registry.js';
import { UsageError } from './errors.js';
import { err } from './output/stdio.js';
import { PACKAGE_ROOT, SHIPPED_SCENARIOS_DIR } from './package-info.js';
import { loadProtocolModule } from './protocol-module.js';
import { isModuleSpec } from '../sim/scenario/json-schema.js';

export interface ScenarioOptions {
  readonly seed?: string;
  readonly set?: readonly string[];
  /** `--protocol ./my-raft.js`: a protocol module, relative to the current directory. */
  readonly protocol?: string;
}

/** Protocol modules loaded for a scenario, by the `protocol:` text that names them. */
export type ProtocolModules = ReadonlyMap<string, AnyProtocol>;

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

/**
 * `--protocol X` is `--set protocol=X`: so every command that loads a scenario takes it, a
 * sweep's workers and `report` re-runs get it with the other overrides, and replay
 * commands carry it (replayCommand prints it back as `--protocol X`).
 */
export function withProtocolOption(options: ScenarioOptions): string[] {
  return [...(options.set ?? []), ...(options.protocol !== undefined ? [`protocol=${options.protocol}`] : [])];
}

/**
 * Load the protocol module the scenario runs, if it runs one: the last `--set protocol=`
 * (a path from the current directory) or else the file's own `protocol:` (a path from the
 * scenario file's folder, so the file runs from anywhere). Empty when it runs a built-in.
 */
export async function loadProtocolModules(file: string, set: readonly string[]): Promise<ProtocolModules> {
  const fromSet = [...set].reverse().map(protocolOverride).find((value) => value !== null) ?? null;
  const spec = fromSet ?? protocolField(file);
  if (spec === null || !isModuleSpec(spec)) return new Map();
  const protocol = fromSet !== null
    ? await loadProtocolModule(spec, process.cwd(), '--protocol')
    : await loadProtocolModule(spec, dirname(file), `${file}: protocol`);
  return new Map([[spec, protocol]]);
}

/** The value of a `protocol=...` override, or null for other overrides (and malformed ones: the loader reports those). */
function protocolOverride(text: string): string | null {
  try {
    const override = parseOverride(text);
    return override.path.length === 1 && override.path[0] === 'protocol' && typeof override.value === 'string' ? override.value : null;
  } catch (error) {
    if (error instanceof OverrideError) return null;
    throw error;
  }
}

/** The file's `protocol:` text, or null when it cannot be read here (the loader then says why). */
function protocolField(file: string): string | null {
  try {
    const doc = parseYaml(readFileSync(file, 'utf8')) as unknown;
    const value = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>)['protocol'] : null;
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** Load a scenario file that is already resolved (resolveScenarioArg), with the protocol modules it names. */
export function loadScenario(
  file: string,
  options: ScenarioOptions,
  modules: ProtocolModules = new Map(),
): { scenario: Scenario; protocol: AnyProtocol } {
  const protocols = modules.size === 0 ? PROTOCOLS : new Map([...PROTOCOLS, ...modules]);
  const scenario = loadScenarioFile(file, {
    protocols,
    overrides: withProtocolOption(options),
    ...(options.seed !== undefined ? { seed: parseSeed(options.seed) } : {}),
  });
  const key = [...modules.keys()][0];
  return { scenario, protocol: key !== undefined ? modules.get(key)! : PROTOCOLS.get(scenario.protocol)! };
}

/** loadScenario for commands: first load the protocol module the scenario or `--protocol` names. */
export async function loadScenarioInput(file: string, options: ScenarioOptions): Promise<{ scenario: Scenario; protocol: AnyProtocol }> {
  return loadScenario(file, options, await loadProtocolModules(file, withProtocolOption(options)));
}

/** commander collector for repeatable options (`--set a=1 --set b=2`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
