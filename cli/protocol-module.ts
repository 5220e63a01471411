// Protocols from outside the package: `--protocol ./my-raft.js`, or `protocol: ./raft.js`
// in a scenario file. A module is a JavaScript ES module whose default export (or export
// named `protocol`) is an object of the Protocol shape (sim/protocol.ts). Before it is
// imported, it and every file it imports by relative path are scanned for the determinism
// rules; once imported, its shape is checked field by field, and its nodes run under the
// run-time guard (protocol-guard.ts). Every problem is one line naming the file (exit 2).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { MODEL_NAMES } from '../checkers/models/registry.js';
import type { AnyProtocol } from '../sim/protocol.js';
import { PROTOCOLS } from '../protocols/registry.js';
import { describeFinding, MODULE_RULES, scanSource } from './determinism-scan.js';
import { UsageError } from './errors.js';
import { guardProtocol } from './protocol-guard.js';
import { checkProtocolShape } from './protocol-shape.js';

/** The most files the scan follows through relative imports (a cycle or a huge tree must end). */
const SCANNED_FILES_MAX = 500;
const DOCS = 'docs/student-protocols.md';

/** Modules already loaded in this process, by absolute path: a sweep or compare loads each once. */
const loaded = new Map<string, AnyProtocol>();

/** Load, check and guard the protocol module `spec`, a path relative to `base`; `origin` names who asked. */
export async function loadProtocolModule(spec: string, base: string, origin: string): Promise<AnyProtocol> {
  const path = resolve(base, spec);
  const cached = loaded.get(path);
  if (cached !== undefined) return cached;
  const shown = relative(process.cwd(), path) || path;
  checkFile(spec, path, origin);
  scanDeterminism(path);
  const exported = await importModule(path, shown);
  const protocol = checkProtocolShape(exported, shown, {
    builtins: [...PROTOCOLS.keys()],
    models: MODEL_NAMES,
    emptyConfig: z.strictObject({}),
  });
  const guarded = guardProtocol(protocol);
  loaded.set(path, guarded);
  return guarded;
}

function checkFile(spec: string, path: string, origin: string): void {
  const ext = extname(path);
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') {
    throw new UsageError(
      `${origin}: ${spec}: Node 20 cannot load TypeScript; compile it with tsc and name the .js file it writes (${DOCS})`,
    );
  }
  if (!existsSync(path)) throw new UsageError(`${origin}: ${spec}: no such protocol module (looked for ${path})`);
  if (!statSync(path).isFile()) throw new UsageError(`${origin}: ${spec}: not a file (expected a JavaScript module)`);
  if (ext !== '.js' && ext !== '.mjs') {
    throw new UsageError(`${origin}: ${spec}: expected a JavaScript ES module (.js or .mjs), got a ${ext || 'file without extension'}`);
  }
}

/** Relative import specifiers of a source text (static imports and re-exports). */
export function relativeImports(source: string): string[] {
  const found: string[] = [];
  const pattern = /\b(?:from|import)\s*['"](\.{1,2}\/[^'"]+)['"]/g;
  for (let match = pattern.exec(source); match !== null; match = pattern.exec(source)) found.push(match[1]!);
  return found;
}

/** Scan the module and every file it reaches by relative import; refuse at the first finding. */
function scanDeterminism(entry: string): void {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      continue; // A missing import is the import's own error, reported when it loads.
    }
    const shown = relative(process.cwd(), file) || file;
    const findings = scanSource(shown, source, MODULE_RULES);
    if (findings.length > 0) {
      const first = findings[0]!;
      const more = findings.length > 1 ? ` (${findings.length - 1} more in this file)` : '';
      throw new UsageError(
        `${describeFinding(first)}: a protocol must be deterministic (${first.instead})${more}; ` +
          `a reviewed line may end with "// determinism-scan: allow <reason>" (${DOCS})`,
      );
    }
    for (const spec of relativeImports(source)) {
      const next = resolve(dirname(file), spec);
      if (seen.has(next) || seen.size >= SCANNED_FILES_MAX) continue;
      seen.add(next);
      queue.push(next);
    }
  }
}

/** Import the module; a syntax error or a throw at import time becomes one line with its place. */
async function importModule(path: string, shown: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`${shown}: cannot load the protocol module: ${loadErrorText(error, path)}`);
  }
}

function loadErrorText(error: unknown, path: string): string {
  if (!(error instanceof Error)) return String(error);
  const message = error.message.split('\n')[0]!;
  const where = error instanceof SyntaxError ? syntaxErrorPlace(path) : '';
  const hint =
    error instanceof SyntaxError && /\b(export|import)\b/.test(message)
      ? '; is it an ES module? name it .mjs, or add "type": "module" to its package.json'
      : '';
  return `${error.name}: ${message}${where}${hint}`;
}

/**
 * Where a syntax error is: `import()` does not say, `node --check` does (its first line is
 * `/path/x.js:12`; for an error in an imported file, that file's). Run only on this error path.
 */
function syntaxErrorPlace(path: string): string {
  const check = spawnSync(process.execPath, ['--check', path], { encoding: 'utf8', timeout: 10_000 });
  const place = /^(\/.*|[A-Za-z]:\\.*):(\d+)$/m.exec(check.stderr ?? '');
  return place === null ? '' : ` (${relative(process.cwd(), place[1]!) || place[1]}:${place[2]})`;
}
