// `faultline check`: verdict lines, JSON lines, exit codes (0 ok, 1 violation, 2 bad input,
// 3 unknown; worst wins), directories, options, and every malformed input as one line
// `file:line: what was expected` with exit 2.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCheckCommand, runCheck, worstExitCode } from '../../cli/commands/check.js';
import type { CheckCommandOptions, CheckIO } from '../../cli/commands/check.js';
import { faultline } from '../cli/cli-helpers.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

function capture(clock: () => number = () => 0): CheckIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l) => out.push(l), stderr: (l) => err.push(l), clock };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'faultline-check-'));
}

function write(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const run = (files: string[], opts: CheckCommandOptions = {}, io = capture()): { code: number; out: string[]; err: string[] } => {
  const code = runCheck(files, opts, io);
  return { code, out: io.out, err: io.err };
};

const GOOD = '[{:process 0 :type :invoke :f :write :value 1}\n {:process 0 :type :ok :f :write :value 1}\n {:process 1 :type :invoke :f :read :value nil}\n {:process 1 :type :ok :f :read :value 1}]\n';
const BAD = '[{:process 0 :type :invoke :f :write :value 1}\n {:process 0 :type :ok :f :write :value 1}\n {:process 1 :type :invoke :f :read :value nil}\n {:process 1 :type :ok :f :read :value 7}]\n';

describe('malformed input: exit 2 and one line file:line: what was expected', () => {
  const cases: [string, string, number, RegExp][] = [
    ['json-trailing-comma.json', '[\n{"process": 0, "type": "invoke", "f": "read", "value": null},\n{"process": 0, "type": "ok", "f": "read", "value": 1,}\n]', 3, /expected a string key/],
    ['json-no-type.json', '[{"process":0,"type":"invoke","f":"read","value":null},\n {"process":0,"f":"read","value":null}]', 2, /expected :type to be :invoke, :ok, :fail or :info, found no :type/],
    ['json-string.json', '[\n{"process": 0, "type": "invoke",\n "f": "read, "value": null}]', 3, /expected/],
    ['jsonl-missing-comma.jsonl', '{"process": 1, "type": "invoke", "f": "read", "value": null}\n\n{"process": 1, "type": "ok" "f": "read", "value": 1}', 3, /expected ',' or '}'/],
    ['json-bad-type.json', '[{"process": 1, "type": "invoke", "f": "read", "value": null},\n{"process": 1, "type": "done", "f": "read", "value": 1}]', 2, /found "done"/],
    ['json-not-a-map.json', '[{"process": 1, "type": "invoke", "f": "read", "value": null},\n 42]', 2, /expected an op map/],
    ['edn-unclosed.edn', '[{:process 0 :type :invoke :f :read :value nil}\n {:process 0 :type :ok :f :read :value nil}\n', 3, /expected '\]' to close the history opened on line 1/],
    ['edn-odd-map.edn', '[{:process 0 :type :invoke :f :read :value nil}\n {:process 0 :type}]', 2, /even number of forms/],
    ['edn-bad-process.edn', '[{:process 0 :type :invoke :f :read :value nil}\n {:process 0 :type :ok :f :read :value nil}\n {:process [1] :type :invoke :f :read}]', 3, /expected :process to be a number/],
    ['edn-stray-paren.edn', '[{:process 0 :type :invoke :f :read :value nil}\n )]', 2, /unexpected '\)'/],
    ['edn-bad-escape.edn', '[{:process 0 :type :invoke :f :read :value nil}\n {:process 0 :type :ok :f :read :value "\\q"}]', 2, /unknown escape/],
    ['edn-no-f.edn', '{:process 0 :type :invoke :value nil}', 1, /expected :f/],
    ['completion-without-invoke.edn', '[{:process 0 :type :invoke :f :read :value nil}\n {:process 3 :type :ok :f :read :value 1}]', 2, /expected an :invoke by process 3 before this :ok/],
    ['double-invoke.edn', '[{:process 0 :type :invoke :f :read :value nil}\n {:process 0 :type :invoke :f :write :value 1}]', 2, /expected process 0 to complete its :read \(invoked on line 1\)/],
    ['f-mismatch.edn', '[{:process 0 :type :invoke :f :read :value nil}\n\n {:process 0 :type :ok :f :write :value 1}]', 3, /expected the completion of process 0's :read/],
    ['unknown-f.edn', '[{:process 0 :type :invoke :f :write :value 1}\n {:process 0 :type :ok :f :write :value 1}\n {:process 0 :type :invoke :f :frobnicate :value 1}]', 3, /expected an operation of model cas-register \(read, write, cas\), found :frobnicate/],
    ['cas-not-pair.edn', '[{:process 0 :type :invoke :f :cas :value 3}\n {:process 0 :type :ok :f :cas :value 3}]', 1, /expected the value of a cas to be \[expected new\], found 3/],
    ['log-bad-value.log', 'INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:read\t2\nINFO  jepsen.util - 1\t:invoke\t:write\t[1 2\n', 3, /expected a value like nil, 3 or \[1 4\]/],
    ['log-no-history.log', 'INFO  jepsen.core - Running test\nINFO  jepsen.core - done\n', 1, /expected a history/],
    ['log-jepsen-only.log', 'INFO  jepsen.util - starting\nINFO  jepsen.util - something\n', 1, /expected a history/],
    ['empty.edn', '  \n', 1, /empty input/],
    ['garbage.txt', '\n\nhello there\n', 3, /expected a history: a JSON array, JSON lines, EDN op maps or Jepsen log lines/],
    ['json-time.json', '[{"process":0,"type":"invoke","f":"read","value":null,"time":"noon"}]', 1, /expected :time to be a number/],
  ];

  for (const [name, text, line, what] of cases) {
    it(`${name}: line ${line}`, () => {
      const dir = tmp();
      const file = write(dir, name, text);
      const r = run([file]);
      expect(r.code).toBe(2);
      expect(r.err).toHaveLength(1);
      const msg = r.err[0]!;
      expect(msg.startsWith(`${file}:${line}: `), msg).toBe(true);
      expect(msg).toMatch(what);
      expect(msg).not.toMatch(/\n|\s+at\s/);
    });
  }

  it('the JSON line of a bad file says so', () => {
    const dir = tmp();
    const file = write(dir, 'bad.json', '[{"process": 0}]');
    const r = run([file], { json: true });
    expect(r.code).toBe(2);
    const j = JSON.parse(r.out[0]!) as Record<string, unknown>;
    expect(j).toMatchObject({ file, verdict: 'bad-input', ops: 0, counterexample: null });
    expect(j['error']).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1: `));
  });

  it.each([
    [{ model: 'nope' }, /--model: expected one of register, cas-register, kv/],
    [{ timeout: 'soon' }, /--timeout: expected a duration/],
    [{ failedCas: 'maybe' }, /--failed-cas: expected did-not-happen or compare-mismatch/],
  ])('bad option %j -> exit 2', (opts, what) => {
    const dir = tmp();
    const file = write(dir, 'h.edn', GOOD);
    const r = run([file], opts);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(what);
  });

  it('a missing file -> exit 2', () => {
    const r = run([join(tmp(), 'missing.edn')]);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/missing\.edn: no such file or directory/);
  });
});

describe('verdicts, exit codes and output', () => {
  it('linearizable -> 0, with the op counts', () => {
    const r = run([join(FIXTURES, 'register-sample.log')]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/register-sample\.log: linearizable \(cas-register, 6 ops: 5 ok, 0 fail, 1 info, 2 nemesis; [\d.]+ ms\)/);
    expect(r.out.at(-1)).toMatch(/^total: 1 file: 1 linearizable, 0 not linearizable, 0 unknown, 0 bad input; .* exit 0$/);
  });

  it('--history picks one history of a file that holds several; without it the file is bad input', () => {
    const dir = tmp();
    const file = write(dir, 'lock-and-resource.edn', `[{:process 0 :type :invoke :f :acquire :value nil}
 {:process 0 :type :ok :f :acquire :value {:token 1}}
 {:process 0 :type :invoke :f :write :value 3 :history "resource"}
 {:process 0 :type :ok :f :write :value 3 :history "resource"}
 {:process 1 :type :invoke :f :read :value nil :history "resource"}
 {:process 1 :type :ok :f :read :value 2 :history "resource"}]`);
    const both = run([file]);
    expect(both.code).toBe(2);
    expect(both.err[0]).toMatch(/lock-and-resource\.edn:1: expected one history, found ops of main, resource: choose one with --history <name>/);
    expect(run([file], { history: 'main', model: 'lock' }).code).toBe(0);
    const resource = run([file], { history: 'resource', model: 'register' });
    expect(resource.code).toBe(1);
    expect(resource.out[0]).toMatch(/not linearizable \(register, 2 ops/);
    expect(run([file], { history: 'audit' }).err[0]).toMatch(/expected ops of history audit, found only main, resource/);
  });

  it('not linearizable -> 1, with the explanation', () => {
    const r = run([join(FIXTURES, 'kv-keys.json')]);
    expect(r.code).toBe(1);
    expect(r.out[0]).toMatch(/kv-keys\.json: not linearizable \(kv, 5 ops/);
    expect(r.out[1]).toBe('    why: the acknowledged write of 5 to "k1" was lost: it completed before the read began, yet the read returned 3 and no read ever returned 5');
    expect(r.out.join('\n')).toMatch(/could not place: p2 get "k1" -> 3 \(line 8\)/);
  });

  it('unknown -> 3 when the time budget runs out', () => {
    let t = 0;
    const io = capture(() => (t += 1000));
    const dir = tmp();
    const file = write(dir, 'h.edn', GOOD);
    const r = run([file], { timeout: '500ms' }, io);
    expect(r.code).toBe(3);
    expect(r.out[0]).toMatch(/unknown: the time budget \(500ms\) ran out/);
  });

  it('worst exit code wins: 2 > 1 > 3 > 0', () => {
    expect(worstExitCode([0, 3, 1])).toBe(1);
    expect(worstExitCode([0, 3])).toBe(3);
    expect(worstExitCode([1, 2, 0])).toBe(2);
    expect(worstExitCode([0, 0])).toBe(0);
    expect(worstExitCode([])).toBe(0);
  });

  it('a directory means every history file in it, recursively, sorted', () => {
    const dir = tmp();
    write(dir, 'b.edn', BAD);
    write(dir, 'a.edn', GOOD);
    write(dir, 'README.md', '# not a history');
    mkdirSync(join(dir, 'sub'));
    write(join(dir, 'sub'), 'c.json', '[{"process":0,"type":"invoke","f":"read","value":null},{"process":0,"type":"ok","f":"read","value":null}]');
    const r = run([dir], { json: true });
    const lines = r.out.map((l) => JSON.parse(l) as { file: string; verdict: string });
    expect(lines.map((l) => l.file)).toEqual([join(dir, 'a.edn'), join(dir, 'b.edn'), join(dir, 'sub', 'c.json')]);
    expect(lines.map((l) => l.verdict)).toEqual(['linearizable', 'not-linearizable', 'linearizable']);
    expect(r.code).toBe(1);
  });

  it('--json: one object per file with the contract fields', () => {
    const r = run([join(FIXTURES, 'kv-keys.json'), join(FIXTURES, 'register-sample.edn')], { json: true });
    expect(r.out).toHaveLength(2);
    const [a, b] = r.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const j of [a!, b!]) {
      for (const k of ['file', 'verdict', 'model', 'ops', 'elapsedMs', 'counterexample']) expect(j).toHaveProperty(k);
      expect(typeof j['elapsedMs']).toBe('number');
    }
    expect(a).toMatchObject({ verdict: 'not-linearizable', model: 'kv', ops: 5 });
    const c = a!['counterexample'] as Record<string, unknown>;
    expect(c).toMatchObject({ key: 'k1', kind: 'lost-write', linearizedCount: 2 });
    expect(c['failedOp']).toMatchObject({ process: 2, f: 'get', output: 3, line: 8, completeLine: 9 });
    expect(b).toMatchObject({ verdict: 'linearizable', model: 'cas-register', ops: 6, counterexample: null });
  });

  it('--initial: a store that reads absent keys as the empty string', () => {
    const dir = tmp();
    const file = write(dir, 'h.json', '[{"process":0,"type":"invoke","f":"get","key":"a","value":null},{"process":0,"type":"ok","f":"get","key":"a","value":""}]');
    expect(run([file]).code).toBe(1);
    expect(run([file], { initial: '' }).code).toBe(0);
    expect(run([file], { initial: '""' }).code).toBe(0);
  });

  it('--failed-cas: compare-mismatch makes a failed cas an observation', () => {
    const dir = tmp();
    const file = write(
      dir,
      'h.edn',
      '[{:process 0 :type :invoke :f :write :value 1} {:process 0 :type :ok :f :write :value 1}\n {:process 1 :type :invoke :f :cas :value [1 2]} {:process 1 :type :fail :f :cas :value [1 2]}]',
    );
    expect(run([file]).code).toBe(0);
    expect(run([file], { failedCas: 'compare-mismatch' }).code).toBe(1);
  });

  it('--model overrides the default', () => {
    const dir = tmp();
    const file = write(dir, 'h.edn', '[{:process 0 :type :invoke :f :acquire :value nil} {:process 0 :type :ok :f :acquire :value nil}\n {:process 1 :type :invoke :f :acquire :value nil} {:process 1 :type :ok :f :acquire :value nil}]');
    expect(run([file]).code).toBe(2); // cas-register has no acquire
    const r = run([file], { model: 'mutex' });
    expect(r.code).toBe(1);
    expect(r.out[1]).toMatch(/why: process 1 acquired the lock while process 0 still held it/);
  });

  it('is a commander command: registerCheckCommand + parseAsync', async () => {
    const io = capture();
    let exit = -1;
    const program = new Command().exitOverride();
    registerCheckCommand(program, { ...io, setExitCode: (c) => (exit = c) });
    await program.parseAsync(['check', join(FIXTURES, 'kv-tuples.edn'), '--json', '--timeout', '2s'], { from: 'user' });
    expect(exit).toBe(0);
    expect(JSON.parse(io.out[0]!)).toMatchObject({ verdict: 'linearizable', model: 'kv', ops: 4 });
  });
});

describe('end to end (a real process)', () => {
  const cli = (...args: string[]) => {
    const r = faultline('check', ...args);
    return { status: r.code, stdout: r.stdout, stderr: r.stderr };
  };

  it('exit codes 0, 1, 2 and one error line without a stack trace', () => {
    const dir = tmp();
    const good = write(dir, 'good.edn', GOOD);
    const bad = write(dir, 'bad.edn', BAD);
    const broken = write(dir, 'broken.json', '[{"process": 0, "type": "invoke", "f": "read", "value": null},\n{"process": 0, "type": "ok"');
    const a = cli(good);
    expect(a.status).toBe(0);
    expect(a.stdout).toMatch(/good\.edn: linearizable/);
    const b = cli(good, bad);
    expect(b.status).toBe(1);
    expect(b.stdout).toMatch(/why: read returned 7, a value never written/);
    const c = cli(good, broken, bad);
    expect(c.status).toBe(2);
    expect(c.stderr.trim()).toBe(`${broken}:2: expected ',' or '}' in the object opened on line 2, found the end of the input`);
  }, 60_000);
});
