// Loading a scenario file: read (synchronously), parse YAML (JSON is YAML), apply `--set`
// overrides and `--seed`, validate the file format (file-schema.ts), then check it against
// the protocol and fill in defaults (resolve.ts). Whatever the input, the only thing thrown
// is a ScenarioError with a one-line message naming the file and the field.
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { AnyProtocol } from '../protocol.js';
import { describeValue, FieldError, formatPath, listNames, ScenarioError, type PathSegment } from './errors.js';
import { scenarioFileSchema } from './file-schema.js';
import { errorMap, firstIssue } from './issues.js';
import { applyOverride, OverrideError, overrideTouches, parseOverride, type Override } from './overrides.js';
import { resolveScenario } from './resolve.js';
import type { Scenario } from './types.js';

export interface LoadOptions {
  /** Protocols by name (protocols/registry.ts); `protocol:` must be one of them. */
  readonly protocols: ReadonlyMap<string, AnyProtocol>;
  /** `--set path=value` edits, applied to the document before validation. */
  readonly overrides?: readonly string[];
  /** Replaces the file's `seed:`. */
  readonly seed?: number;
}

/** Larger files are refused before parsing. */
export const FILE_CHARS_MAX = 10_000_000;
/** YAML aliases expanded at most this many times (guards against alias bombs). */
const ALIASES_MAX = 1_000;
/** Mappings and lists nested deeper than this are refused. */
const NESTING_MAX = 64;

/** Read and load a scenario file. Throws only ScenarioError. */
export function loadScenarioFile(path: string, opts: LoadOptions): Scenario {
  return parseScenarioText(readText(String(path)), String(path), opts);
}

/** Read a scenario file's document (scenarioDocument). Throws only ScenarioError. */
export function readScenarioDocument(path: string, opts: LoadOptions): Record<string, unknown> {
  return scenarioDocument(readText(String(path)), String(path), opts);
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    throw new ScenarioError(file, null, `cannot read file (${typeof code === 'string' ? code : 'unreadable'})`);
  }
}

/** Load a scenario from its text; `file` names it in messages and in `Scenario.file`. */
export function parseScenarioText(text: string, file: string, opts: LoadOptions): Scenario {
  const name = String(file);
  const overrides: Override[] = [];
  try {
    return validate(prepare(text, name, opts, overrides), name, opts);
  } catch (error) {
    throw toScenarioError(error, name, opts, overrides);
  }
}

/**
 * The scenario's document as plain data: parsed, `--set` overrides and `--seed` applied,
 * not yet validated. Commands that write scenarios (--nemesis-out, shrink) edit this.
 */
export function scenarioDocument(text: string, file: string, opts: LoadOptions): Record<string, unknown> {
  const name = String(file);
  const overrides: Override[] = [];
  try {
    return prepare(text, name, opts, overrides);
  } catch (error) {
    throw toScenarioError(error, name, opts, overrides);
  }
}

/** Validate a document and fill in defaults (overrides and seed are already in it). */
export function scenarioFromDocument(doc: Record<string, unknown>, file: string, opts: LoadOptions): Scenario {
  const name = String(file);
  try {
    return validate(doc, name, opts);
  } catch (error) {
    throw toScenarioError(error, name, opts, []);
  }
}

function prepare(text: string, file: string, opts: LoadOptions, overrides: Override[]): Record<string, unknown> {
  if (typeof text !== 'string') throw new ScenarioError(file, null, `expected the file's text, got ${describeValue(text)}`);
  if (text.length > FILE_CHARS_MAX) {
    throw new ScenarioError(file, null, `file too large (${text.length} characters; at most ${FILE_CHARS_MAX})`);
  }
  // A binary file is named as such; its bytes are never echoed back.
  if (/[\u0000\uFFFD]/.test(text.slice(0, 8192))) {
    throw new ScenarioError(file, null, 'not a text file (it holds binary data); expected a YAML or JSON scenario');
  }
  let root = parseYaml(text.startsWith('\uFEFF') ? text.slice(1) : text, file);
  if (root === null || root === undefined) root = {};
  if (typeof root !== 'object' || Array.isArray(root) || root instanceof Uint8Array) {
    throw new FieldError([], `expected a mapping of scenario fields (protocol, nodes, faults, ...), got ${describeValue(root)}`);
  }
  let doc = root as Record<string, unknown>;
  checkStructure(doc);

  for (const text of opts.overrides ?? []) overrides.push(parseOverride(String(text)));
  if (overrides.length > 0 || opts.seed !== undefined) doc = structuredClone(doc);
  for (const override of overrides) applyOverride(doc, override);
  if (opts.seed !== undefined) doc.seed = opts.seed;
  return doc;
}

function validate(doc: Record<string, unknown>, file: string, opts: LoadOptions): Scenario {
  const parsed = scenarioFileSchema.safeParse(doc, { error: errorMap, reportInput: true });
  if (!parsed.success) {
    const found = firstIssue(parsed.error.issues);
    const path = found?.path ?? [];
    let message = found?.message ?? 'invalid scenario';
    if (path.length === 1 && path[0] === 'protocol') {
      message = `${message} (known: ${listNames([...opts.protocols.keys()])})`;
    }
    throw new FieldError(path, message);
  }
  return resolveScenario(parsed.data, file, opts.protocols);
}

/** YAML text -> plain data, or a ScenarioError at the first problem's line and column. */
function parseYaml(text: string, file: string): unknown {
  // logLevel 'silent' would also drop some errors (multiple documents); 'error' prints nothing.
  const doc = parseDocument(text, { prettyErrors: true, logLevel: 'error', uniqueKeys: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) {
    const what = problem.code === 'MULTIPLE_DOCS'
      ? 'a scenario file holds one YAML document, and another one starts here'
      : problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?\s*$/, '');
    const pos = problem.linePos?.[0];
    if (pos === undefined) throw new ScenarioError(file, null, `malformed YAML: ${what}`);
    throw new ScenarioError(file, `${pos.line}:${pos.col}`, `malformed YAML: ${what}`, ':');
  }
  try {
    return doc.toJS({ maxAliasCount: ALIASES_MAX });
  } catch (error) {
    throw new ScenarioError(file, null, `malformed YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Refuse documents nested absurdly deep, and `__proto__` keys, before anything walks them. */
function checkStructure(root: Record<string, unknown>): void {
  const stack: { value: unknown; path: PathSegment[] }[] = [{ value: root, path: [] }];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null || value instanceof Uint8Array || seen.has(value)) continue;
    seen.add(value);
    if (path.length > NESTING_MAX) throw new FieldError(path.slice(0, NESTING_MAX), `nested deeper than ${NESTING_MAX} levels`);
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
    } else {
      for (const key of Object.keys(value)) {
        if (key === '__proto__') throw new FieldError([...path, key], 'not a field');
        stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
      }
    }
  }
}

function toScenarioError(error: unknown, file: string, opts: LoadOptions, overrides: readonly Override[]): ScenarioError {
  if (error instanceof ScenarioError) return error;
  if (error instanceof OverrideError) return new ScenarioError(file, error.where, error.detail);
  if (error instanceof FieldError) {
    let detail = error.detail;
    const override = [...overrides].reverse().find((o) => overrideTouches(o, error.path));
    if (override !== undefined) detail += ` (set by --set ${override.text})`;
    else if (error.path[0] === 'seed' && opts.seed !== undefined) detail += ` (from --seed ${String(opts.seed)})`;
    return new ScenarioError(file, error.path.length === 0 ? null : formatPath(error.path), detail);
  }
  const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new ScenarioError(file, null, `unexpected error while loading (a bug, please report it): ${why}`);
}
