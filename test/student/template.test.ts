// The starter template (templates/student-raft) as a class gets it: `faultline init` copies
// it, and `faultline grade` over its grading scenarios must fail as shipped (the checkers
// catch each missing rule on its own) and pass with the reference rules of
// test/fixtures/student-raft. Seeds 1..10, in-process: a few seconds of CPU per grading.
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultlineWith, ROOT } from '../cli/cli-helpers.js';
import { scratch } from './modules.js';

const SEEDS = '1..10';
const RULES = ['grantVote', 'logMatches', 'commitIndexFor'] as const;
const REFERENCE = join(ROOT, 'test/fixtures/student-raft/rules.js');

/** A class project: `faultline init student-raft raft`, with faultline resolvable as a dependency. */
function project(): string {
  const dir = scratch({}, { faultline: true });
  const init = faultlineWith({ cwd: dir }, 'init', 'student-raft', 'raft');
  expect(init.code, init.stderr).toBe(0);
  expect(init.stdout).toContain('npm run grade');
  return join(dir, 'raft');
}

function grade(dir: string, ...extra: string[]) {
  return faultlineWith({ cwd: dir }, 'grade', 'scenarios', '--protocol', './raft.js', '--seeds', SEEDS, '--jobs', '1', ...extra);
}

describe('faultline init student-raft', () => {
  it('copies the template, its package.json depending on this faultline', () => {
    const dir = project();
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'package.json', 'raft.js', 'rules.js', 'scenarios', 'server.js']);
    expect(readdirSync(join(dir, 'scenarios')).sort()).toEqual(['happy-path.yaml', 'leader-crash.yaml', 'partition.yaml', 'random-nemesis.yaml']);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    expect(pkg.devDependencies.faultline).toBe(`^${version}`);
    expect(pkg.type).toBe('module');
  });

  it('refuses a folder that is not empty, and an unknown template, in one line (exit 2)', () => {
    const dir = scratch({ 'raft/keep.txt': 'mine' });
    const taken = faultlineWith({ cwd: dir }, 'init', 'student-raft', 'raft');
    expect(taken.code).toBe(2);
    expect(taken.stderr.trim()).toBe('faultline: init: raft exists and is not empty; name a new folder');
    expect(existsSync(join(dir, 'raft', 'rules.js'))).toBe(false);
    const unknown = faultlineWith({ cwd: dir }, 'init', 'student-paxos', 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no template named "student-paxos" (templates: student-raft)');
  });
});

describe('grading the template', () => {
  it('as shipped, fails: the checkers catch the missing rules', () => {
    const r = grade(project(), '--json');
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.total).toBe(4);
    expect(report.passed).toBe(0);
    const caught = new Set(report.scenarios.flatMap((s: { failing: { violated: string[] }[] }) => s.failing.flatMap((f) => f.violated)));
    expect([...caught]).toEqual(expect.arrayContaining(['election-safety', 'state-machine-safety']));
  });

  it('with the reference rules, passes every scenario on every seed, deterministically', () => {
    const dir = project();
    copyFileSync(REFERENCE, join(dir, 'rules.js'));
    const r = grade(dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const name of ['happy-path', 'leader-crash', 'partition', 'random-nemesis']) {
      expect(r.stdout).toMatch(new RegExp(`^PASS {2}${name} +10/10 seeds as expected$`, 'm'));
    }
    expect(r.stdout).toContain('grade  4/4 scenarios pass (seeds 1..10)');
  });

  for (const missing of RULES) {
    it(`with only ${missing} left as shipped, still fails`, () => {
      const dir = project();
      copyFileSync(join(dir, 'rules.js'), join(dir, 'shipped-rules.js'));
      copyFileSync(REFERENCE, join(dir, 'reference-rules.js'));
      const others = RULES.filter((r) => r !== missing).join(', ');
      writeFileSync(join(dir, 'rules.js'), `export { ${missing} } from './shipped-rules.js';\nexport { ${others} } from './reference-rules.js';\n`);
      const r = grade(dir);
      expect(r.code, r.stdout).toBe(1);
      expect(r.stdout).toMatch(/^FAIL /m);
      expect(r.stdout).toMatch(/first failing seed \d+: violation/);
      expect(r.stdout).toMatch(/npx faultline run scenarios\/\S+\.yaml --seed \d+ --protocol \.\/raft\.js/);
    });
  }
});
