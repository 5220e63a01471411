// Run the real CLI in a child process (tsx on the sources), as a user would.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function faultline(...args: string[]): CliResult {
  return faultlineWithEnv({}, ...args);
}

/** The CLI with extra environment variables (e.g. JOB_COMPLETION_INDEX). */
export function faultlineWithEnv(env: Record<string, string>, ...args: string[]): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export { ROOT };
