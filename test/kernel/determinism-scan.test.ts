// The determinism rules, enforced: sim/, protocols/ and checkers/ must not read real time,
// real randomness, or schedule work outside the simulator (DESIGN.md, "Determinism rules").
// Comment lines are ignored; a line may opt out with a trailing
// `// determinism-scan: allow <reason>` (the reason is required), which shows up in review.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeOnly, describeFinding, scanSource, type Finding } from '../../cli/determinism-scan.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCANNED_DIRS = ['sim', 'protocols', 'checkers'];

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** One-way imports: each folder may not import from these (DESIGN.md, layers). */
const FORBIDDEN_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  checkers: ['sim', 'protocols', 'cli'],
  sim: ['protocols', 'cli'],
  protocols: ['cli'],
};

/** Import lines of a file in `dir` that reach a folder it must not import from. */
function layerFindings(dir: string, file: string, source: string): Finding[] {
  const banned = FORBIDDEN_IMPORTS[dir] ?? [];
  const findings: Finding[] = [];
  source.split('\n').forEach((line, k) => {
    const match = /\bfrom\s+['"]((?:\.\.\/)+)([\w-]+)\//.exec(line);
    if (match === null) return;
    // Resolve the relative path against the file's folder depth to find the top folder reached.
    const depth = relative(join(repoRoot, dir), dirname(join(repoRoot, file))).split(/[\\/]/).filter(Boolean).length;
    const ups = match[1]!.length / 3;
    if (ups === depth + 1 && banned.includes(match[2]!)) {
      findings.push({ file, line: k + 1, rule: `import from ${match[2]}/`, instead: 'keep imports one-way', text: line.trim() });
    }
  });
  return findings;
}

/**
 * `ctx.sendUnsynced` (send before the writes are durable) is the escape for bug variants:
 * in protocols/ every mention must sit on a line that reads a variant flag, in a condition
 * (`if (s.flags.x) ctx.sendUnsynced(...)` or `s.flags.x ? ctx.sendUnsynced(...) : ...`).
 */
const UNSYNCED_SEND = /\bsendUnsynced\b/;
const FLAG_GUARD = /(\bif\s*\([^)]*\bflags\.\w+|\bflags\.\w+\s*\?)/;

function unguardedUnsyncedSends(file: string, source: string): Finding[] {
  const findings: Finding[] = [];
  codeOnly(source).forEach((line, k) => {
    if (UNSYNCED_SEND.test(line) && !FLAG_GUARD.test(line)) {
      findings.push({ file, line: k + 1, rule: 'sendUnsynced outside a variant-flag guard', instead: 'guard it with a variant flag', text: line.trim() });
    }
  });
  return findings;
}

function describeFindings(findings: readonly Finding[]): string {
  return findings.map(describeFinding).join('\n');
}

describe('determinism scan', () => {
  it('finds no real time, real randomness or async scheduling in sim/, protocols/, checkers/', () => {
    const files = SCANNED_DIRS.flatMap((dir) => tsFiles(join(repoRoot, dir)));
    expect(files.length).toBeGreaterThan(20);
    expect(files.some((f) => f.endsWith(join('sim', 'world.ts')))).toBe(true);
    const findings = files.flatMap((path) => scanSource(relative(repoRoot, path), readFileSync(path, 'utf8')));
    if (findings.length > 0) {
      throw new Error(
        `${findings.length} determinism violation(s) (DESIGN.md "Determinism rules"); ` +
          `use the node's ctx.random()/ctx.now()/timers, or mark a justified line with ` +
          `"// determinism-scan: allow <reason>":\n${describeFindings(findings)}`,
      );
    }
  });

  it('keeps imports one-way: checkers/ reaches no sim/, protocols/, cli/; sim/ no protocols/, cli/; protocols/ no cli/', () => {
    const findings = SCANNED_DIRS.flatMap((dir) =>
      tsFiles(join(repoRoot, dir)).flatMap((path) => layerFindings(dir, relative(repoRoot, path), readFileSync(path, 'utf8'))),
    );
    expect(describeFindings(findings)).toBe('');
    // The rule itself catches a bad import at any depth, and leaves imports inside the folder alone.
    expect(layerFindings('checkers', 'checkers/models/x.ts', "import { World } from '../../sim/world.js';")).toHaveLength(1);
    expect(layerFindings('sim', 'sim/x.ts', "import { raftProtocol } from '../protocols/raft/index.js';")).toHaveLength(1);
    expect(layerFindings('sim', 'sim/scenario/x.ts', "import { Host } from '../host.js';")).toEqual([]);
    expect(layerFindings('checkers', 'checkers/models/x.ts', "import { kv } from '../models/kv.js';")).toEqual([]);
  });

  it('protocols/ call ctx.sendUnsynced only on lines guarded by a variant flag', () => {
    const findings = tsFiles(join(repoRoot, 'protocols')).flatMap((path) =>
      unguardedUnsyncedSends(relative(repoRoot, path), readFileSync(path, 'utf8')),
    );
    expect(describeFindings(findings)).toBe('');
    expect(unguardedUnsyncedSends('x.ts', 'ctx.sendUnsynced(from, reply);\n')).toHaveLength(1);
    expect(unguardedUnsyncedSends('x.ts', 'if (ready) ctx.sendUnsynced(from, reply);\n')).toHaveLength(1);
    expect(unguardedUnsyncedSends('x.ts', "const flags = 1; ctx.sendUnsynced(from, reply); // flags.x\n")).toHaveLength(1);
    expect(unguardedUnsyncedSends('x.ts', 'if (s.flags.replyBeforeDurable) ctx.sendUnsynced(from, reply);\n')).toEqual([]);
    expect(unguardedUnsyncedSends('x.ts', 'const send = ctx.sendUnsynced;\n')).toHaveLength(1);
    expect(unguardedUnsyncedSends('x.ts', '(this.flags.early ? ctx.sendUnsynced : ctx.send)(from, reply);\n')).toEqual([]);
    expect(unguardedUnsyncedSends('x.ts', 'this.flags.early ? ctx.sendUnsynced(from, reply) : ctx.send(from, reply);\n')).toEqual([]);
    expect(unguardedUnsyncedSends('x.ts', '// ctx.sendUnsynced(from, reply) is for variants\n')).toEqual([]);
  });

  it('the scanner catches each forbidden construct, naming file and line', () => {
    const bad = [
      'const x = Math.random();',
      'const t = Date.now();',
      'const p = performance.now();',
      'const d = new Date();',
      'setTimeout(() => tick(), 5);',
      'const h = setInterval(f, 1);',
      'setImmediate(f);',
      'const [s, ns] = process.hrtime();',
      'const id = crypto.randomUUID();',
      "const b = require('crypto').randomBytes(4);",
      "import { webcrypto } from 'node:crypto';",
      "import * as c from 'crypto';",
      'crypto.getRandomValues(buf);',
      'async function handle() {}',
      'const f = async (x) => x;',
      'const v = await load();',
      'return new Promise((resolve) => resolve(1));',
      'process.nextTick(f);',
    ];
    bad.forEach((line, k) => {
      const source = `// a header\nexport const ok = 1;\n${line}\n`;
      const findings = scanSource(`sample${k}.ts`, source);
      expect(findings.length, line).toBeGreaterThan(0);
      expect(findings[0]!.line, line).toBe(3);
      expect(describeFindings(findings)).toContain(`sample${k}.ts:3: `);
    });
  });

  it('ignores comments, strings and allowed lines; does not flag look-alikes', () => {
    const fine = [
      '// Math.random is banned here, Date.now too',
      '/**\n * Promises and setTimeout are not used (doc comment)\n */',
      '/* new Date() */ const a = 1;',
      "const msg = 'never call Date.now() in a handler';",
      'const message = "await the Promise";',
      'const asyncish = 1; // async',
      'const random = ctx.random();',
      'this.now = ctx.now();',
      'const nowUs = world.nowUs;',
      'const promised = isPromiseLike;',
      'const date = newDate(1);',
      'const t = Date.now(); // determinism-scan: allow measured outside the simulation',
      "const text = `Date and time`; // template without code",
    ];
    for (const line of fine) expect(scanSource('fine.ts', `${line}\n`), line).toEqual([]);
    // A multi-line block comment keeps line numbers right for what follows it.
    const findings = scanSource('lines.ts', '/*\n Math.random\n*/\nconst x = Math.random();\n');
    expect(findings.map((f) => f.line)).toEqual([4]);
    // An allow mark needs a reason.
    expect(scanSource('bare.ts', 'Date.now(); // determinism-scan: allow\n').length).toBe(1);
  });
});
