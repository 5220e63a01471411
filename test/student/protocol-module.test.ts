// `--protocol ./file.js` and `protocol: ./file.js`: a module of the documented shape runs
// like a built-in protocol (checked, traced, replayable, on every command that runs
// scenarios); a bad module is one line and exit 2; the determinism rules are checked at
// load (source scan) and at run time (guard, --check-determinism).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultlineWith } from '../cli/cli-helpers.js';
import { scratch, toyModule, toyScenario } from './modules.js';

const SCENARIO = toyScenario('./toy.js');

function inDir(dir: string, ...args: string[]) {
  return faultlineWith({ cwd: dir }, ...args);
}

/** Exit 2 with exactly one line on stderr, and no stack trace. */
function expectOneLine(r: { code: number | null; stderr: string }, ...parts: string[]): void {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  for (const part of parts) expect(lines[0]).toContain(part);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('a protocol module runs like a built-in protocol', () => {
  it('runs from the scenario (a path from its folder) and from --protocol (a path from the current directory), with the same trace hash', () => {
    const dir = scratch({ 'toy.js': toyModule(), 'scenarios/toy.yaml': toyScenario('../toy.js'), 'plain.yaml': toyScenario('raft') });
    const fromFile = faultlineWith({}, 'run', join(dir, 'scenarios/toy.yaml'), '--json');
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const json = JSON.parse(fromFile.stdout);
    expect(json.protocol).toBe('toy-kv');
    expect(json.verdict).toBe('pass');
    const fromOption = inDir(dir, 'run', 'plain.yaml', '--protocol', './toy.js', '--json');
    expect(fromOption.code, fromOption.stderr).toBe(0);
    expect(JSON.parse(fromOption.stdout).traceHash).toBe(json.traceHash);
    const text = inDir(dir, 'run', 'plain.yaml', '--protocol', './toy.js', '--seed', '3');
    expect(text.stdout).toContain('replay     npx faultline run plain.yaml --seed 3 --protocol ./toy.js');
  });

  it('is checked: a wrong answer is a linearizability violation (exit 1)', () => {
    const dir = scratch({ 'toy.js': toyModule({ onReceive: "if (msg.f === 'get') { ctx.send(from, { type: 'reply', id: msg.id, value: 'made-up' }); return; }" }), 'toy.yaml': SCENARIO });
    const r = inDir(dir, 'run', 'toy.yaml', '--json');
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).violations.map((v: { check: string }) => v.check)).toContain('linearizability');
  });

  it('runs on sweep (worker threads load it too), compare, and report re-runs', () => {
    const dir = scratch({ 'toy.js': toyModule(), 'toy.yaml': toyScenario('raft') });
    const sweep = inDir(dir, 'sweep', 'toy.yaml', '--protocol', './toy.js', '--seeds', '1..4', '--jobs', '2', '--json');
    expect(sweep.code, sweep.stderr).toBe(0);
    const summary = JSON.parse(sweep.stdout);
    expect(summary.byVerdict).toEqual({ pass: 4 });
    const inProcess = JSON.parse(inDir(dir, 'sweep', 'toy.yaml', '--protocol', './toy.js', '--seeds', '1..4', '--jobs', '1', '--json').stdout);
    expect(inProcess.results.map((r: { traceHash: string }) => r.traceHash)).toEqual(summary.results.map((r: { traceHash: string }) => r.traceHash));
    const compare = inDir(dir, 'compare', 'toy.yaml', '--protocol', './toy.js', '--axis', 'clients=1,2', '--seeds', '1', '--json');
    expect(compare.code, compare.stderr).toBe(0);
    expect(JSON.parse(compare.stdout).rows).toHaveLength(2);
    expect(inDir(dir, 'run', 'toy.yaml', '--protocol', './toy.js', '--out', 'runs/a').code).toBe(0);
    const report = inDir(dir, 'report', 'runs/a');
    expect(report.code, report.stderr).toBe(0);
    expect(report.stderr).not.toContain('differs');
    expect(readFileSync(join(dir, 'runs/a/report.html'), 'utf8')).toContain('toy-kv');
  });

  it('shrinks on a module, from the scenario or --protocol; the shrunk file names the module from its own folder and replays', () => {
    const bad = toyModule({ onReceive: "if (msg.f === 'get') { ctx.send(from, { type: 'reply', id: msg.id, value: 'made-up' }); return; }" });
    const dir = scratch({ 'toy.js': bad, 'scenarios/toy.yaml': toyScenario('../toy.js'), 'plain.yaml': toyScenario('raft'), 'shrunk/.keep': '' });
    const cases = [['scenarios/toy.yaml', '', 'shrunk/a.yaml'], ['plain.yaml', ' --protocol ./toy.js', 'shrunk/b.yaml']] as const;
    for (const [file, option, out] of cases) {
      const r = inDir(dir, 'shrink', file, ...option.split(' ').filter((w) => w !== ''), '--seed', '1', '--runs', '20', '--out', out, '--json');
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.check).toBe('linearizability');
      expect(j.after.durationUs).toBeLessThan(j.before.durationUs);
      const text = readFileSync(join(dir, out), 'utf8');
      expect(text).toMatch(/^protocol: \.\.\/toy\.js$/m);
      expect(text).toContain(`# Shrunk by: faultline shrink ${file} --seed 1${option} --runs 20`);
      const replay = inDir(dir, 'run', out, '--json');
      expect(replay.code, replay.stderr).toBe(0);
      expect(JSON.parse(replay.stdout).traceHash).toBe(j.traceHash);
    }
  });

  it('an exception in module code is caught and reported with the node, handler, event and seed', () => {
    const dir = scratch({ 'toy.js': toyModule({ onReceive: "if (msg.f === 'put') throw new Error('student bug');" }), 'toy.yaml': SCENARIO });
    const r = inDir(dir, 'run', 'toy.yaml', '--seed', '5');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error n1 threw in request at event \d+ \([^)]*\), seed 5: student bug/);
    expect(r.stdout).toContain('replay     npx faultline run toy.yaml --seed 5');
  });
});

describe('a bad module is one line and exit 2', () => {
  const cases: [string, Record<string, string>, string, string[]][] = [
    ['a missing file', {}, './nope.js', ['--protocol: ./nope.js: no such protocol module']],
    ['a syntax error', { 'bad.js': 'export default {\n  name: "x",\n  model: ;\n};\n' }, './bad.js', ['bad.js: cannot load the protocol module: SyntaxError', 'bad.js:3']],
    ['a throw at import', { 'bad.js': "throw new Error('at import');\n" }, './bad.js', ['bad.js: cannot load the protocol module: Error: at import']],
    ['no protocol export', { 'bad.js': 'export const raft = {};\n' }, './bad.js', ['bad.js: exports no protocol', 'it exports raft']],
    ['not an object', { 'bad.js': 'export default 42;\n' }, './bad.js', ['bad.js: protocol.: expected an object (the protocol), got number 42']],
    ['a missing field', { 'bad.js': toyModule().replace(/createServer: /, 'createServr: ') }, './bad.js', ['bad.js: protocol.createServer: expected a function (id, setup) => node, got nothing (the field is missing)']],
    ['an unknown model', { 'bad.js': toyModule().replace("model: 'kv'", "model: 'kvv'") }, './bad.js', ['protocol.model: expected a checker model (', 'got "kvv"']],
    ['a built-in name', { 'bad.js': toyModule().replace("name: 'toy-kv'", "name: 'raft'") }, './bad.js', ['"raft" is a built-in protocol\'s name']],
    ['TypeScript', { 'bad.ts': 'export default {};\n' }, './bad.ts', ['Node 20 cannot load TypeScript; compile it with tsc']],
  ];
  for (const [what, files, spec, parts] of cases) {
    it(what, () => {
      const dir = scratch({ ...files, 'toy.yaml': toyScenario('raft') });
      expectOneLine(inDir(dir, 'run', 'toy.yaml', '--protocol', spec), ...parts);
    });
  }

  it('a module named by the scenario: the line names the scenario file', () => {
    const dir = scratch({ 'toy.yaml': toyScenario('./missing.js') });
    expectOneLine(inDir(dir, 'run', 'toy.yaml'), 'toy.yaml: protocol: ./missing.js: no such protocol module');
  });
});

describe('the determinism rules', () => {
  it('are checked at load, in the module and the files it imports, naming file:line and the rule', () => {
    const helper = 'export function jitter() {\n  return Math.random();\n}\n';
    const dir = scratch({ 'toy.js': `import { jitter } from './lib/helper.js';\n${toyModule()}`, 'lib/helper.js': helper, 'toy.yaml': SCENARIO });
    expectOneLine(inDir(dir, 'run', 'toy.yaml'), 'lib/helper.js:2: Math.random is not allowed here', 'draw randomness from ctx.random()');
    for (const [code, rule] of [
      ['const t = Date.now();', 'Date.now'],
      ['setTimeout(() => {}, 1);', 'setTimeout'],
      ["import { readFileSync } from 'node:fs';", 'a Node built-in module'],
      ['const p = Promise.resolve(1);', 'Promise'],
      ['const home = process.env.HOME;', 'process.env'],
    ]) {
      const bad = scratch({ 'toy.js': `${code}\n${toyModule()}`, 'toy.yaml': SCENARIO });
      expectOneLine(inDir(bad, 'run', 'toy.yaml'), `toy.js:1: ${rule} is not allowed here`);
    }
  });

  it('a reviewed line may opt out, with a reason', () => {
    const dir = scratch({ 'toy.js': `const seed = Math.random; // determinism-scan: allow never called, kept for a demo\n${toyModule()}`, 'toy.yaml': SCENARIO });
    expect(inDir(dir, 'run', 'toy.yaml').code).toBe(0);
  });

  it('are guarded at run time: a hidden Math.random in a handler throws, reported with the seed and event', () => {
    const hidden = "const M = globalThis['Ma' + 'th']; M['ran' + 'dom']();";
    const dir = scratch({ 'toy.js': toyModule({ onReceive: hidden }), 'toy.yaml': SCENARIO });
    const r = inDir(dir, 'run', 'toy.yaml', '--seed', '2');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error n1 threw in request at event \d+ .*seed 2: Math\.random is not allowed in protocol code \(use ctx\.random\(\)/);
  });

  it('--check-determinism runs the seed twice: state a module keeps between runs fails it (exit 1)', () => {
    const leaky = scratch({
      'toy.js': toyModule({ prelude: 'let boots = 0;', onStart: "boots += 1; ctx.log('boot', { boots });" }),
      'toy.yaml': SCENARIO,
    });
    const plain = inDir(leaky, 'run', 'toy.yaml');
    expect(plain.code).toBe(0);
    const checked = inDir(leaky, 'run', 'toy.yaml', '--check-determinism');
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/determinism {2}FAILED: the same seed ran twice with trace hashes \w+ and \w+/);
    expect(checked.stdout).toMatch(/first difference at event \d+/);
    const json = JSON.parse(inDir(leaky, 'run', 'toy.yaml', '--check-determinism', '--json').stdout);
    expect(json.determinism.same).toBe(false);
    const fine = scratch({ 'toy.js': toyModule(), 'toy.yaml': SCENARIO });
    const ok = inDir(fine, 'run', 'toy.yaml', '--check-determinism', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).determinism).toMatchObject({ same: true, firstDifference: null });
  });
});
