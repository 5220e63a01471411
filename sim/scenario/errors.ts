// The one error the scenario loader throws, and the helpers that keep its message to a
// single line: `<file>: <field.path>: <what was expected>`.

/** A segment of a field path: a mapping key or a list index. */
export type PathSegment = string | number;

/** A bad scenario file. `message` is one line; the CLI prints it and exits 2. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(
    /** The file as the caller named it. */
    readonly file: string,
    /** Where in the file, as written in the message (`faults[2].at`, `3:5`), or null. */
    readonly where: string | null,
    /** What was expected, without the file and field prefix. */
    readonly detail: string,
    /** Separator after the file: `: ` normally, `:` before a `line:col` position. */
    separator = ': ',
  ) {
    const what = truncate(detail);
    super(oneLine(where === null ? `${file}: ${what}` : `${file}${separator}${truncate(where, 200)}: ${what}`));
  }
}

/** Thrown inside the loader with a path; turned into a ScenarioError with the file name. */
export class FieldError extends Error {
  constructor(
    readonly path: readonly PathSegment[],
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** `['faults', 2, 'at']` -> `faults[2].at`; odd keys are quoted: `clocks.nodes["a b"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(truncate(segment, 40))}]`;
  }
  return out;
}

const DETAIL_CHARS_MAX = 300;

/** Collapse line breaks and cap the length, so a message is always one readable line. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

export function truncate(text: string, charsMax: number = DETAIL_CHARS_MAX): string {
  return text.length <= charsMax ? text : `${text.slice(0, charsMax - 3)}...`;
}

/** How a value the user wrote reads in a message: `"abc"`, `5`, `a list`, `a mapping`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(truncate(value, 40));
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'binary data';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/** Names joined for a message: `a, b, c`; long lists are cut with a count. */
export function listNames(names: readonly string[], shownMax = 12): string {
  if (names.length === 0) return 'none';
  if (names.length <= shownMax) return names.join(', ');
  return `${names.slice(0, shownMax).join(', ')}, ... (${names.length} in all)`;
}

/** The closest name within a small edit distance, for "did you mean" hints. */
export function closest(word: string, candidates: readonly string[]): string | null {
  if (word.length > 64) return null;
  let best: string | null = null;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  const numbered = /^(.*?)\d+$/.exec(word);
  for (const candidate of candidates) {
    // n9 is not a typo of n1: a numbered id that does not exist gets no hint.
    if (numbered && new RegExp(`^${escapeRegExp(numbered[1]!)}\\d+$`).test(candidate)) continue;
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Math.abs(a.length - b.length);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** `unknown field (did you mean latency? allowed: latency, drop, ...)`. */
export function unknownName(what: string, word: string, allowed: readonly string[], allowedLabel = 'allowed'): string {
  const hint = closest(word, allowed);
  const did = hint === null ? '' : `did you mean ${hint}? `;
  return `${what} (${did}${allowedLabel}: ${listNames(allowed, 30)})`;
}
