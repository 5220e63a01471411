// Protocol modules written by the tests: a tiny single-server key-value store in plain
// JavaScript (no imports, so it loads from any folder), with switches that break it the
// ways a student module can be broken. Each goes into a fresh scratch folder.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../cli/cli-helpers.js';

/** The body of receive() on the server; `data` is its Map. */
const SERVE = `if (msg.f === 'put') data.set(msg.key, msg.value);
      ctx.send(from, { type: 'reply', id: msg.id, value: msg.f === 'get' ? (data.get(msg.key) ?? null) : undefined });`;

export interface ToyOptions {
  /** Code run first in the server's receive (e.g. a throw, or a hidden Math.random). */
  readonly onReceive?: string;
  /** Code at module level, before the protocol object. */
  readonly prelude?: string;
  /** Code run in the server's start. */
  readonly onStart?: string;
}

export function toyModule(options: ToyOptions = {}): string {
  return `${options.prelude ?? ''}
export default {
  name: 'toy-kv',
  model: 'kv',
  operations: ['get', 'put'],
  roles: ['server'],
  createServer: () => {
    const data = new Map();
    return {
      start(ctx) { ${options.onStart ?? ''} },
      timer() {},
      receive(ctx, from, msg) {
      ${options.onReceive ?? ''}
      ${SERVE}
      },
      inspect() { return { role: 'server' }; },
    };
  },
  createClient: () => ({
    start() {},
    timer() {},
    abandon() {},
    invoke(ctx, op) { ctx.send(ctx.servers[0], { type: 'request', id: op.id, f: op.f, key: op.key, value: op.value }); },
    receive(ctx, from, msg) { ctx.complete(msg.id, msg.value === undefined ? { type: 'ok' } : { type: 'ok', value: msg.value }); },
    inspect() { return { role: 'client' }; },
  }),
};
`;
}

/** A scenario for the toy: one server, two clients, one virtual second. */
export function toyScenario(protocol: string): string {
  return `name: toy
protocol: ${protocol}
nodes: 1
clients: 2
duration: 1s
network: { latency: { dist: constant, value: 1ms } }
workload: { keys: 2, mix: { get: 50%, put: 50% }, rate: 50/s, timeout: 200ms }
expect: { verdict: pass }
`;
}

/** A fresh scratch folder holding `files` (path -> text); with `faultline: true`, node_modules/faultline is this package. */
export function scratch(files: Record<string, string>, opts: { faultline?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-student-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  if (opts.faultline === true) {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'faultline'));
  }
  return dir;
}
