// An exception in protocol code is reported with the node, handler, event and seed; only
// --debug adds its stack, mapped by the shipped source maps to the TypeScript sources.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/cli-helpers.js';

function child(...args: string[]): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/test/support/thrower-child.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  expect(r.stderr).toBe('');
  return r.stdout;
}

describe('a protocol exception', () => {
  it('names the node, handler, event and seed, without a stack by default', () => {
    const out = child();
    expect(out).toMatch(/^error n2 threw in start at event \d+ \(\S+\), seed \d+: /);
    expect(out).toContain('--debug shows the stack');
    expect(out).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  it('with --debug, shows a stack that points into the TypeScript sources', () => {
    const out = child('--debug');
    expect(out).toMatch(/at .*test\/support\/kernel-protocols\.ts:\d+:\d+/);
    expect(out).not.toMatch(/kernel-protocols\.js/);
  });
});
