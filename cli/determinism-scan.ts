// The determinism rules as a source scan (DESIGN.md, "Determinism rules"): real time, real
// randomness, scheduling outside the simulator and Promises are refused. One scanner serves
// two users: the test that scans sim/, protocols/ and checkers/, and the loader of a
// protocol module (`--protocol ./my-raft.js`), which adds the MODULE_RULES a student's file
// must also keep (no I/O modules, no environment, nothing the garbage collector decides).
//
// It is a text scan, not a proof: comments and string contents are blanked first, but
// `globalThis['Math']['ran' + 'dom']` gets through. The runtime guard (protocol-guard.ts)
// and `run --check-determinism` catch much of what a scan cannot.
// A line may opt out with a trailing `// determinism-scan: allow <reason>` (reason required).
import { builtinModules } from 'node:module';

export interface DeterminismRule {
  readonly name: string;
  readonly pattern: RegExp;
  /** Match on the raw line (minus a trailing // comment): the rule needs a quoted module name. */
  readonly quoted?: boolean;
  /** What to use instead, for the one-line refusal. */
  readonly instead: string;
}

const TIME = 'read time with ctx.now()';
const RANDOM = 'draw randomness from ctx.random()';
const TIMERS = 'schedule with ctx.setTimer()';
const SYNC = 'handlers are synchronous';

export const DETERMINISM_RULES: readonly DeterminismRule[] = [
  { name: 'Math.random', pattern: /\bMath\s*\.\s*random\b/, instead: RANDOM },
  { name: 'Date.now', pattern: /\bDate\s*\.\s*now\b/, instead: TIME },
  { name: 'performance.now', pattern: /\bperformance\s*\.\s*now\b/, instead: TIME },
  { name: 'new Date(', pattern: /\bnew\s+Date\s*\(/, instead: TIME },
  { name: 'setTimeout', pattern: /\bsetTimeout\b/, instead: TIMERS },
  { name: 'setInterval', pattern: /\bsetInterval\b/, instead: TIMERS },
  { name: 'setImmediate', pattern: /\bsetImmediate\b/, instead: TIMERS },
  { name: 'process.hrtime', pattern: /\bprocess\s*\.\s*hrtime\b/, instead: TIME },
  { name: 'process.nextTick', pattern: /\bprocess\s*\.\s*nextTick\b/, instead: TIMERS },
  { name: 'queueMicrotask', pattern: /\bqueueMicrotask\b/, instead: TIMERS },
  { name: 'crypto.randomUUID', pattern: /\brandomUUID\b/, instead: RANDOM },
  { name: 'crypto.randomBytes', pattern: /\brandomBytes\b/, instead: RANDOM },
  { name: 'crypto.randomInt', pattern: /\brandomInt\b/, instead: RANDOM },
  { name: 'crypto.getRandomValues', pattern: /\bgetRandomValues\b/, instead: RANDOM },
  { name: "require('crypto')", pattern: /\brequire\s*\(\s*['"](node:)?crypto['"]\s*\)/, quoted: true, instead: RANDOM },
  { name: "import from 'crypto'", pattern: /\bfrom\s+['"](node:)?crypto['"]/, quoted: true, instead: RANDOM },
  { name: "import('crypto')", pattern: /\bimport\s*\(\s*['"](node:)?crypto['"]\s*\)/, quoted: true, instead: RANDOM },
  { name: 'globalThis.crypto', pattern: /\bglobalThis\s*\.\s*crypto\b/, instead: RANDOM },
  { name: 'async', pattern: /\basync\s+(function\b|\(|[A-Za-z_$][\w$]*\s*(\(|=>))/, instead: SYNC },
  { name: 'await', pattern: /\bawait\s+[\w$([{'"`]/, instead: SYNC },
  { name: 'Promise', pattern: /\bPromise\b/, instead: SYNC },
];

/** Built-ins a protocol may import: assertions decide nothing and do no I/O. */
const SAFE_BUILTINS = new Set(['assert', 'assert/strict']);
const IO_BUILTINS = builtinModules.filter((name) => !name.startsWith('_') && !SAFE_BUILTINS.has(name));
const BUILTIN = `(node:)?(${IO_BUILTINS.map((name) => name.replace(/\//g, '\\/')).join('|')})`;

/** What a protocol module must also keep: it runs inside the simulator and nowhere else. */
export const MODULE_RULES: readonly DeterminismRule[] = [
  ...DETERMINISM_RULES,
  {
    name: 'a Node built-in module',
    pattern: new RegExp(`(\\bfrom\\s+|\\bimport\\s+|\\brequire\\s*\\(\\s*)['"]${BUILTIN}['"]`),
    quoted: true,
    instead: 'a protocol does no I/O: keep state in the node and ctx.disk',
  },
  { name: 'import()', pattern: /\bimport\s*\(/, instead: 'import statically; handlers are synchronous' },
  { name: 'require(', pattern: /\brequire\s*\(/, instead: 'use import (an ES module)' },
  { name: 'process.env', pattern: /\bprocess\s*\.\s*env\b/, instead: 'take settings from the scenario config' },
  { name: 'WeakRef', pattern: /\b(WeakRef|FinalizationRegistry)\b/, instead: 'the garbage collector is not deterministic' },
];

export const ALLOW_MARK = /\/\/\s*determinism-scan:\s*allow\s+\S/;

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly instead: string;
  readonly text: string;
}

/**
 * Blank out comments and the contents of string literals, keeping line structure, so a
 * rule fires on code only. Template literal contents are kept (they can hold code in ${}).
 */
export function codeOnly(source: string): string[] {
  let out = '';
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && source[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      i += 2;
      while (i < n && !(source[i] === '*' && source[i + 1] === '/')) {
        if (source[i] === '\n') out += '\n';
        i++;
      }
      i += 2;
      continue;
    }
    if (c === "'" || c === '"') {
      out += c;
      i++;
      while (i < n && source[i] !== c && source[i] !== '\n') {
        if (source[i] === '\\') i++;
        i++;
      }
      out += c;
      i++;
      continue;
    }
    out += c;
    i++;
  }
  return out.split('\n');
}

/** Every violation in one file's text. Import specifiers are strings, so module rules match the raw line. */
export function scanSource(file: string, source: string, rules: readonly DeterminismRule[] = DETERMINISM_RULES): Finding[] {
  const raw = source.split('\n');
  const code = codeOnly(source);
  const findings: Finding[] = [];
  code.forEach((line, k) => {
    const original = raw[k] ?? '';
    if (ALLOW_MARK.test(original)) return;
    for (const rule of rules) {
      // Rules on a quoted module name look at the raw line, unless the line is all comment.
      const subject = rule.quoted === true && line.trim() !== '' ? original.replace(/\/\/.*$/, '') : line;
      if (rule.pattern.test(subject)) {
        findings.push({ file, line: k + 1, rule: rule.name, instead: rule.instead, text: original.trim() });
      }
    }
  });
  return findings;
}

export function describeFinding(f: Finding): string {
  return `${f.file}:${f.line}: ${f.rule} is not allowed here: ${f.text}`;
}
