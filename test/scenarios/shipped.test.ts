// Every shipped scenario under scenarios/ (all protocols), through the real kernel with
// its own seed: each ends as it says it will (pass, a named violation, or no-progress).
// Guards the scenarios against drift in the protocols or the kernel.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROTOCOLS } from '../../protocols/registry.js';
import { runScenario } from '../../sim/run.js';
import { loadScenarioFile } from '../../sim/scenario/index.js';

const ROOT = 'scenarios';

function scenarioFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return scenarioFiles(path);
      return /\.(ya?ml|json)$/.test(name) && !name.endsWith('.schema.json') ? [path] : [];
    });
}

const files = scenarioFiles(ROOT);

describe('shipped scenarios', () => {
  it('covers every protocol folder', () => {
    const folders = readdirSync(ROOT).filter((name) => statSync(join(ROOT, name)).isDirectory());
    for (const folder of folders) expect(files.some((f) => f.startsWith(join(ROOT, folder)))).toBe(true);
    expect(files.length).toBeGreaterThan(0);
  });

  it('has, for Raft, the happy path, the failure scenarios and one scenario per variant', () => {
    const raft = PROTOCOLS.get('raft')!;
    const names = [
      'happy-path',
      'leader-isolated',
      'leader-crash',
      'follower-crash',
      'minority-partition',
      'majority-partition',
      'bridge-prevote',
      'bridge-no-prevote',
      'lossy-network',
      'clock-drift',
      'random-faults',
      ...Object.keys(raft.variants),
    ];
    for (const name of names) expect(files).toContain(join(ROOT, 'raft', `${name}.yaml`));
  });

  it('has, for Paxos and Multi-Paxos, the issue\'s scenarios and one scenario per variant', () => {
    const paxos = ['happy-path', 'dueling-proposers', 'random-faults', ...Object.keys(PROTOCOLS.get('paxos')!.variants)];
    const multi = [
      'happy-path',
      'leader-crash',
      'minority-partition',
      'majority-partition',
      'lossy-network',
      'random-faults',
      ...Object.keys(PROTOCOLS.get('multi-paxos')!.variants),
    ].map((name) => `multi-paxos-${name}`);
    for (const name of [...paxos, ...multi]) expect(files).toContain(join(ROOT, 'paxos', `${name}.yaml`));
  });

  it('has, for both sagas, the issue\'s scenarios, the two lessons and one scenario per variant', () => {
    const orchestrated = [
      'happy-path',
      'service-crash',
      'redelivery-storm',
      'partitioned-service',
      'orchestrator-crash-resume',
      'random-nemesis',
      'retry-storm',
      'retry-storm-backoff',
      'isolation-dirty-read',
      ...Object.keys(PROTOCOLS.get('saga-orchestrated')!.variants).map((v) => `variant-${v}`),
    ];
    const choreographed = ['happy-path', 'service-crash', 'random-nemesis', ...Object.keys(PROTOCOLS.get('saga-choreographed')!.variants).map((v) => `variant-${v}`)];
    for (const name of [...orchestrated, ...choreographed.map((n) => `choreographed-${n}`)]) expect(files).toContain(join(ROOT, 'saga', `${name}.yaml`));
  });

  it.each(files)('%s ends as expected with its own seed', (file) => {
    const scenario = loadScenarioFile(file, { protocols: PROTOCOLS });
    const protocol = PROTOCOLS.get(scenario.protocol)!;
    // A file named after one of its protocol's variants runs that variant.
    const base = file.replace(/^.*\//, '').replace(/\.(ya?ml|json)$/, '');
    if (Object.hasOwn(protocol.variants, base)) expect(scenario.variant).toBe(base);
    const result = runScenario(scenario, protocol);
    expect(result.error, result.reason).toBeNull();
    expect(result.asExpected, `${file} seed ${scenario.seed}: ${result.verdict} ${result.reason}`).toBe(true);
  });
});
