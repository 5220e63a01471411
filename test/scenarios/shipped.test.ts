// What the shipped scenarios must include, and that each has a golden trace hash. The runs
// themselves (each ends as expected and keeps its hash) are in shipped-1..4.test.ts.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROTOCOLS } from '../../protocols/registry.js';
import { GOLDEN_HASHES_FILE, REGENERATE_COMMAND, readGoldenHashes, scenarioFiles, SCENARIOS_DIR as ROOT } from '../support/shipped-scenarios.js';

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

  it('has a golden trace hash for every shipped file, and none for a file that is gone', () => {
    const golden = Object.keys(readGoldenHashes());
    const missing = files.filter((f) => !golden.includes(f));
    const stale = golden.filter((f) => !files.includes(f));
    expect({ missing, stale }, `${GOLDEN_HASHES_FILE} is out of date: run \`${REGENERATE_COMMAND}\``).toEqual({ missing: [], stale: [] });
  });
});
