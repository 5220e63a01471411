// A process whose protocol code throws, rendered as `faultline run` renders it, for the
// --debug test. Usage (compiled by the tests' global setup):
//   node dist/test/support/thrower-child.js [--debug]
// Like the CLI, it turns source maps on before loading anything else when --debug is given.
const debug = process.argv.includes('--debug');
if (debug) process.setSourceMapsEnabled(true);
const { runScenario } = await import('../../sim/run.js');
const { violationLines } = await import('../../cli/output/summary.js');
const { throwerProtocol } = await import('./kernel-protocols.js');
const { makeScenario } = await import('./scenario.js');

const scenario = makeScenario({
  protocol: 'test-thrower',
  config: { site: 'start', node: 'n2', fromUs: 0 },
  servers: ['n1', 'n2', 'n3'],
  clients: [],
  durationUs: 100_000,
  settleUs: 0,
});
const result = runScenario(scenario, throwerProtocol);
process.stdout.write(violationLines(result, debug, 200).join('\n') + '\n');
