// Run scenarios in a separate process and print their trace hashes, for the cross-process
// determinism test. Reads a JSON array of scenarios on stdin; writes one JSON line:
// [{ "traceHash": "...", "events": n, "verdict": "..." }, ...].
// Usage (compiled by the tests' global setup): node dist/test/support/trace-hash-child.js < scenarios.json
import { readFileSync } from 'node:fs';
import { runScenario } from '../../sim/run.js';
import type { Scenario } from '../../sim/scenario/types.js';
import { gossipProtocol } from './gossip-protocol.js';

const scenarios = JSON.parse(readFileSync(0, 'utf8')) as Scenario[];
const out = scenarios.map((scenario) => {
  const result = runScenario(scenario, gossipProtocol);
  return { traceHash: result.traceHash, events: result.stats.events, verdict: result.verdict };
});
process.stdout.write(`${JSON.stringify(out)}\n`);
