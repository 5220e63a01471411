// Conventions a Node CLI user relies on: a reader that closes early ends the process
// quietly (status 141, no EPIPE stack), and colour follows NO_COLOR, FORCE_COLOR and
// --color/--no-color on every command, on a real pseudo-terminal (util-linux `script`).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, commandNames, faultline, faultlineWith, ROOT } from '../cli/cli-helpers.js';

const HAPPY = 'scenarios/primary-backup/happy-path.yaml';
const SHRINKABLE = 'scenarios/paxos/learner-across-ballots.yaml';
const HISTORY = 'test/checkers/fixtures/register-sample.edn';
/** An SGR colour or style sequence (not the cursor codes a progress line uses). */
const ESC = /\u001b\[[\d;]*m/;
let runDir = '';
/** Stands for a new empty folder (init needs one each time it runs). */
const FRESH_DIR = '<fresh dir>';
let freshDirs = 0;
const fresh = (args: string[]): string[] => args.map((a) => (a === FRESH_DIR ? join(runDir, `init-${++freshDirs}`) : a));

beforeAll(() => {
  runDir = mkdtempSync(join(tmpdir(), 'faultline-ship-'));
  expect(faultline('run', HAPPY, '--out', runDir, '--json').code).toBe(0);
  const sweep = faultline('sweep', HAPPY, '--seeds', '1..2', '--jobs', '1', '--set', 'duration=1s', '--json');
  writeFileSync(join(runDir, 'sweep.json'), sweep.stdout);
});

/** Run the CLI with stdout's reader already gone; resolve with the status and stderr. */
function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' } });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a reader that closes early', () => {
  const commands = (): string[][] => [
    ['run', HAPPY, '--trace'],
    ['run', HAPPY],
    ['run', HAPPY, '--json'],
    ['sweep', HAPPY, '--seeds', '1..2', '--jobs', '1', '--set', 'duration=1s'],
    ['shrink', SHRINKABLE, '--seed', '27', '--runs', '3', '--out', join(runDir, 'shrunk-closed.yaml')],
    ['check', HISTORY],
    ['check', HISTORY, '--json'],
    ['list'],
    ['diff', join(runDir, 'trace.jsonl'), join(runDir, 'trace.jsonl')],
    ['schema'],
    ['merge', join(runDir, 'sweep.json')],
    ['report', runDir, '-o', join(runDir, 'report-closed.html')],
    ['compare', HAPPY, '--axis', 'nodes=3,5', '--seeds', '1', '--set', 'duration=1s'],
    ['lesson'],
    ['pbs', '--set', 'duration=1s'],
    ['grade', HAPPY, '--seeds', '1', '--jobs', '1', '--set', 'duration=1s'],
    ['init', 'student-raft', FRESH_DIR],
    ['--help'],
    ['--version'],
  ];

  it('ends every command quietly with status 141, never an EPIPE stack trace', async () => {
    expect(new Set(commands().map((args) => args[0]))).toEqual(new Set([...commandNames(), '--help', '--version']));
    for (const args of commands().map(fresh)) {
      const r = await withClosedStdout(args);
      expect(r.stderr, args.join(' ')).not.toMatch(/EPIPE|Error|\n\s+at /);
      expect(r.code, args.join(' ')).toBe(141);
    }
  });

  it('works in a shell pipeline too: run --trace | head -2', () => {
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${CLI}" run ${HAPPY} --trace | head -2; echo "status \${PIPESTATUS[0]}" >&2`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.stderr).toBe('status 141\n');
  });
});

/** Run the CLI on a pseudo-terminal; returns everything the terminal showed. */
function onTerminal(args: string[], env: Record<string, string | undefined> = {}): string {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: ROOT,
    encoding: 'utf8',
    // CI unset: chalk (rightly) keeps colour off on a terminal inside an unrecognised CI.
    env: { ...process.env, CI: undefined, FORCE_COLOR: undefined, NO_COLOR: undefined, TERM: 'xterm-256color', ...env },
    timeout: 120_000,
  });
  return r.stdout;
}

describe('colour', () => {
  it('is on for a terminal, and NO_COLOR (any value) or --no-color turns it off there', () => {
    expect(onTerminal(['run', HAPPY])).toMatch(ESC);
    expect(onTerminal(['run', HAPPY], { NO_COLOR: '1' })).not.toMatch(ESC);
    expect(onTerminal(['run', HAPPY], { NO_COLOR: 'yes' })).not.toMatch(ESC);
    expect(onTerminal(['run', HAPPY, '--no-color'])).not.toMatch(ESC);
    expect(onTerminal(['list', '--no-color'])).not.toMatch(ESC);
  });

  it('--color and FORCE_COLOR turn it on through a pipe; --no-color beats FORCE_COLOR', () => {
    expect(faultline('run', HAPPY).stdout).not.toMatch(ESC);
    expect(faultline('run', HAPPY, '--color').stdout).toMatch(ESC);
    expect(faultlineWith({ env: { FORCE_COLOR: '1' } }, 'run', HAPPY).stdout).toMatch(ESC);
    expect(faultlineWith({ env: { FORCE_COLOR: '1' } }, 'run', HAPPY, '--no-color').stdout).not.toMatch(ESC);
  });

  it('every command accepts --color and --no-color', () => {
    const each = [
      ['run', HAPPY, '--set', 'duration=1s'],
      ['sweep', HAPPY, '--seeds', '1', '--set', 'duration=1s'],
      ['shrink', SHRINKABLE, '--seed', '27', '--runs', '3', '--out', join(runDir, 'shrunk-colour.yaml')],
      ['check', HISTORY],
      ['list'],
      ['diff', join(runDir, 'trace.jsonl'), join(runDir, 'trace.jsonl')],
      ['schema'],
      ['merge', join(runDir, 'sweep.json')],
      ['report', runDir, '-o', join(runDir, 'report-colour.html')],
      ['compare', HAPPY, '--axis', 'nodes=3,5', '--seeds', '1', '--set', 'duration=1s'],
      ['lesson'],
      ['pbs', '--set', 'duration=1s'],
      ['grade', HAPPY, '--seeds', '1', '--jobs', '1', '--set', 'duration=1s'],
      ['init', 'student-raft', FRESH_DIR],
    ];
    expect(new Set(each.map((args) => args[0]))).toEqual(new Set(commandNames()));
    for (const args of each) {
      for (const flag of ['--color', '--no-color']) {
        const r = faultline(...fresh(args), flag);
        expect(r.stderr, `${args.join(' ')} ${flag}`).not.toMatch(/unknown option/);
        expect(r.code, `${args.join(' ')} ${flag}`).toBe(0);
      }
    }
  });
});

describe('progress on a terminal', () => {
  it('a sweep shows seeds/s and the time left', () => {
    const shown = onTerminal(['sweep', HAPPY, '--seeds', '1..3', '--jobs', '1', '--set', 'duration=2s']);
    expect(shown).toMatch(/\d+\/3 seeds, \d+ not passing, [\d.]+ seeds\/s, (ETA \S+|done)/);
  });

  it('a long run shows virtual time and events/s, then says it is checking', () => {
    // Progress starts after a second of wall time by default; a fast machine runs 400 virtual
    // seconds of Raft in less, so the test asks for it at once.
    const shown = onTerminal(['run', 'scenarios/raft/happy-path.yaml', '--set', 'duration=400s', '--set', 'checks=[invariants]'], {
      FAULTLINE_PROGRESS_AFTER_MS: '0',
    });
    expect(shown).toMatch(/running: \S+ of 6m40s virtual, [\d,]+ events\/s/);
    expect(shown.replace(/\u001b\[[\d;]*m/g, '')).toMatch(/verdict +PASS/);
    expect(onTerminal(['run', HAPPY])).toMatch(/checking linearizability of [\d,]+ history events/);
  });
});
