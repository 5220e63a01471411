// checkers/ is deterministic and self-contained: no clocks, randomness, timers, async, and
// no imports from the simulator or protocols.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const DIR = join(ROOT, 'checkers');

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
    });
}

const FORBIDDEN: [RegExp, string][] = [
  [/Math\.random/, 'Math.random'],
  [/Date\.now/, 'Date.now'],
  [/performance\.now/, 'performance.now'],
  [/new Date\(/, 'new Date('],
  [/\bsetTimeout\b|\bsetInterval\b|\bsetImmediate\b/, 'timers'],
  [/process\.hrtime/, 'process.hrtime'],
  [/\bcrypto\b/, 'crypto'],
  [/\basync\b|\bawait\b|\bPromise\b/, 'async code'],
  [/from '(\.\.\/)+(sim|protocols|cli)\//, 'imports from sim/, protocols/ or cli/'],
];

describe('checkers/ determinism rules', () => {
  const all = files(DIR);
  it('finds the sources', () => {
    expect(all.length).toBeGreaterThan(10);
  });
  for (const file of all) {
    it(relative(ROOT, file), () => {
      const text = readFileSync(file, 'utf8');
      for (const [re, what] of FORBIDDEN) expect(re.test(text), `${what} in ${relative(ROOT, file)}`).toBe(false);
    });
  }
});
