// Vitest global setup: compile the project once (tsc, tsconfig.json: sources, bench and
// test helpers, with source maps) into dist/, so tests that spawn a process run the same
// JavaScript that `npm pack` ships, with no TypeScript loader in between.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export default function compileOnce(): void {
  const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`tsc failed before the tests:\n${result.stdout}${result.stderr}`);
}
