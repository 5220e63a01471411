// Run the real CLI in a child process (the compiled dist/, built by the global setup), as a
// user would.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The compiled entry point the `faultline` bin imports. */
export const CLI = fileURLToPath(new URL('../../bin/faultline.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function faultline(...args: string[]): CliResult {
  return faultlineWith({}, ...args);
}

/** The CLI with extra environment variables (e.g. JOB_COMPLETION_INDEX). */
export function faultlineWithEnv(env: Record<string, string>, ...args: string[]): CliResult {
  return faultlineWith({ env }, ...args);
}

/** Same, with extra spawn options (cwd, env, input). */
export function faultlineWith(options: SpawnSyncOptions, ...args: string[]): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    timeout: 120_000,
    ...options,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', ...(options.env ?? {}) },
  });
  return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

export { ROOT };

/** The commands `faultline --help` lists (without `help`): tests that cover "every command" check against it. */
export function commandNames(helpText: string = faultline('--help').stdout): string[] {
  const section = helpText.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}(\w[\w-]*)\b/gm)].map((m) => m[1]!).filter((name) => name !== 'help');
}
