// Every shipped Raft scenario, through the real kernel: each ends as it says it will
// (pass, a named violation, or no-progress). Guards the scenarios against drift in the
// protocol or the kernel. Runs this folder's raftProtocol whatever the registry holds.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRunHistory } from '../../../cli/linearizability.js';
import { PROTOCOLS } from '../../../protocols/registry.js';
import { raftProtocol } from '../../../protocols/raft/index.js';
import { runScenario } from '../../../sim/run.js';
import { loadScenarioFile } from '../../../sim/scenario/index.js';
import type { AnyProtocol } from '../../../sim/protocol.js';

const DIR = 'scenarios/raft';
const protocols = new Map<string, AnyProtocol>(PROTOCOLS);
protocols.set('raft', raftProtocol);

describe('scenarios/raft', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

  it('has the happy path, the failure scenarios and one scenario per variant', () => {
    for (const name of ['happy-path', 'leader-isolated', 'leader-crash', ...Object.keys(raftProtocol.variants)]) {
      expect(files).toContain(`${name}.yaml`);
    }
  });

  it.each(files)('%s ends as expected', (file) => {
    const scenario = loadScenarioFile(join(DIR, file), { protocols });
    const variant = file.replace(/\.yaml$/, '');
    if (Object.hasOwn(raftProtocol.variants, variant)) expect(scenario.variant).toBe(variant);
    const result = runScenario(scenario, raftProtocol, { checkLinearizability: checkRunHistory });
    expect(result.error, result.reason).toBeNull();
    expect(result.asExpected, `${file}: ${result.verdict} ${result.reason}`).toBe(true);
  });
});
