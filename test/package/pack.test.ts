// The package as a user gets it: `npm pack` (its prepack build) in a copy of the project,
// `npm install <tarball>` into a scratch project (dependencies from the npm cache when it
// has them), then every command from the installed bin, from the scratch directory.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commandNames, ROOT } from '../cli/cli-helpers.js';

const NPM_QUIET = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
let project = '';

/** Copy the project (without build output or dependencies) so packing never touches the tests' dist/. */
function packCopy(into: string): string {
  const copy = join(into, 'src');
  const skip = new Set(['node_modules', 'dist', '.git', 'runs']);
  cpSync(ROOT, copy, { recursive: true, filter: (from) => !skip.has(from.slice(ROOT.length).split('/').filter(Boolean)[0] ?? '') });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  execFileSync('npm', ['pack', '--pack-destination', into, '--loglevel=error'], { cwd: copy, encoding: 'utf8' });
  return join(into, readdirSync(into).find((f) => f.endsWith('.tgz'))!);
}

function installed(...args: string[]) {
  const r = spawnSync(join(project, 'node_modules', '.bin', 'faultline'), args, {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  const work = mkdtempSync(join(tmpdir(), 'faultline-pack-'));
  const tarball = packCopy(work);
  project = join(work, 'user');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  execFileSync('npm', ['install', tarball, ...NPM_QUIET], { cwd: project, encoding: 'utf8' });
}, 300_000);

describe('the installed package', () => {
  it('runs a shipped scenario, found from the user\'s directory', () => {
    const r = installed('run', 'scenarios/primary-backup/happy-path.yaml');
    expect(r.stderr).toContain('node_modules/faultline/scenarios/primary-backup/happy-path.yaml (shipped with faultline');
    expect(r.stdout).toMatch(/verdict +PASS/);
    expect(r.code).toBe(0);
  });

  it('runs every other command', () => {
    // A new command must be added here: the installed package has to run it too.
    expect(new Set(commandNames(installed('--help').stdout))).toEqual(new Set(['run', 'sweep', 'shrink', 'merge', 'compare', 'check', 'list', 'diff', 'report', 'schema', 'pbs', 'grade', 'init', 'lesson']));
    expect(installed('--version').code).toBe(0);
    const list = installed('list', '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).scenarios.length).toBeGreaterThan(5);
    const run = installed('run', 'raft/happy-path.yaml', '--set', 'duration=2s', '--out', 'runs/a');
    expect(run.code).toBe(0);
    expect(installed('run', 'raft/happy-path.yaml', '--set', 'duration=2s', '--out', 'runs/b').code).toBe(0);
    expect(installed('check', 'runs/a').stdout).toMatch(/linearizable \(kv, /);
    expect(installed('diff', 'runs/a/trace.jsonl', 'runs/b/trace.jsonl').stdout).toMatch(/^identical: \d+ events/);
    const sweep = installed('sweep', 'primary-backup/happy-path.yaml', '--seeds', '1..4', '--jobs', '2', '--set', 'duration=1s');
    expect(sweep.stdout).toMatch(/4 seeds in .*pass 4/);
    expect(sweep.code).toBe(0);
    const shard = installed('sweep', 'primary-backup/happy-path.yaml', '--seeds', '1..4', '--shard', '1/2', '--jobs', '1', '--set', 'duration=1s', '--json');
    writeFileSync(join(project, 'shard-1.json'), shard.stdout);
    expect(installed('merge', 'shard-1.json', '--partial').stdout).toMatch(/merged/);
    const report = installed('report', 'runs/a');
    expect(report.code).toBe(0);
    expect(readFileSync(join(project, 'runs/a/report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    expect(JSON.parse(installed('schema').stdout).$schema).toBeDefined();
    const compare = installed('compare', 'paxos/raft-vs-multi-paxos.yaml', '--protocols', 'raft,multi-paxos', '--seeds', '1', '--set', 'duration=2s', '--set', 'faults=[]');
    expect(compare.stdout).toMatch(/│ multi-paxos +│ pass 1/);
    // Lessons ship in lessons/, and a lesson's scenarios resolve from the installed package.
    expect(installed('lesson').stdout).toMatch(/^cap +CAP/m);
    const lesson = installed('lesson', 'figure8', '--seeds', '1', '--report', 'lesson-reports');
    expect(lesson.code, lesson.stderr).toBe(0);
    expect(lesson.stdout).toMatch(/│ figure8-commit \(bug\) +│ yes/);
    expect(readdirSync(join(project, 'lesson-reports')).sort()).toEqual(['figure8-correct-raft.html', 'figure8-figure8-commit-bug.html']);
  });

  it('ships the student template: init copies it, grade fails it as shipped', () => {
    const init = installed('init', 'student-raft', 'my-raft');
    expect(init.code, init.stderr).toBe(0);
    const grade = spawnSync(join(project, 'node_modules', '.bin', 'faultline'), ['grade', 'scenarios', '--seeds', '1..2', '--jobs', '1'], {
      cwd: join(project, 'my-raft'),
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    expect(grade.stdout).toMatch(/^FAIL /m);
    expect(grade.stdout).toMatch(/grade {2}\d\/4 scenarios pass/);
    expect(grade.status).toBe(1);
  });

  it('exports the types a TypeScript protocol needs; tsc compiles one and it runs', () => {
    const toy = `import type { ClientNode, Context, Message, ProtocolModule, ServerNode } from 'faultline';
      interface Request extends Message { type: 'request'; id: number; f: string; key: string | null; value: unknown }
      interface Reply extends Message { type: 'reply'; id: number; value?: unknown }
      type Msg = Request | Reply;
      function server(): ServerNode<Msg> {
        const data = new Map<string | null, unknown>();
        return {
          start() {},
          timer() {},
          receive(ctx: Context<Msg>, from: string, msg: Msg) {
            if (msg.type !== 'request') return;
            if (msg.f === 'put') data.set(msg.key, msg.value);
            ctx.send(from, msg.f === 'get' ? { type: 'reply', id: msg.id, value: data.get(msg.key) ?? null } : { type: 'reply', id: msg.id });
          },
          inspect: () => ({ role: 'server' }),
        };
      }
      function client(): ClientNode<Msg> {
        return {
          start() {},
          timer() {},
          abandon() {},
          invoke(ctx, op) { ctx.send(ctx.servers[0]!, { type: 'request', id: op.id, f: op.f, key: op.key, value: op.value }); },
          receive(ctx, _from, msg) { if (msg.type === 'reply') ctx.complete(msg.id, msg.value === undefined ? { type: 'ok' } : { type: 'ok', value: msg.value }); },
          inspect: () => ({ role: 'client' }),
        };
      }
      const protocol: ProtocolModule<Record<string, never>, Msg> = {
        name: 'ts-toy', model: 'kv', operations: ['get', 'put'], roles: ['server'],
        createServer: () => server(), createClient: () => client(),
      };
      export default protocol;
    `;
    const wrong = `import type { ServerNode } from 'faultline';\nexport const node: ServerNode = { start() {}, timer() {}, inspect: () => ({}), receive: (n: number) => n };\n`;
    mkdirSync(join(project, 'ts', 'src'), { recursive: true });
    writeFileSync(join(project, 'ts', 'src', 'toy.ts'), toy);
    writeFileSync(join(project, 'ts', 'src', 'wrong.ts'), wrong);
    // The tsconfig.json the docs give students, as they give it.
    const docs = readFileSync(join(ROOT, 'docs', 'student-protocols.md'), 'utf8');
    writeFileSync(join(project, 'ts', 'tsconfig.json'), /```json tsconfig\n([\s\S]*?)```/.exec(docs)![1]!);
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'ts'], { cwd: project, encoding: 'utf8' });
    // The types are real: the wrong handler is refused, the right protocol compiles.
    expect(tsc.stdout).toMatch(/src\/wrong\.ts\(\d+,\d+\): error TS2322/);
    expect(tsc.stdout).not.toMatch(/src\/toy\.ts/);
    writeFileSync(join(project, 'ts', 'toy.yaml'), 'protocol: ./dist/toy.js\nnodes: 1\nclients: 2\nduration: 1s\nworkload: { keys: 2, mix: { get: 50%, put: 50% }, rate: 50/s }\n');
    const run = installed('run', 'ts/toy.yaml', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).protocol).toBe('ts-toy');
  });

  it('exports the checker as a library, with types', () => {
    const script = `import { checkHistory, parseHistory } from 'faultline';
      const { ops } = parseHistory('{:process 0 :type :invoke :f :write :value 1}\\n{:process 0 :type :ok :f :write :value 1}\\n{:process 1 :type :invoke :f :read :value nil}\\n{:process 1 :type :ok :f :read :value 2}');
      console.log(checkHistory(ops, { model: 'register' }).verdict);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('not-linearizable');
    const files = readdirSync(join(project, 'node_modules', 'faultline', 'dist', 'checkers'));
    expect(files).toContain('index.d.ts');
    expect(files).toContain('index.js.map');
    expect(readdirSync(join(project, 'node_modules', 'faultline'))).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'bin', 'dist', 'docs', 'lessons', 'scenarios']));
    expect(readdirSync(join(project, 'node_modules', 'faultline', 'dist'))).not.toContain('bench');
  });
});
