// Every kind of bad input gives one ScenarioError with a one-line message:
// `<file>: <field.path>: <what was expected>`.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { loadScenarioFile, parseScenarioText, ScenarioError } from '../../sim/scenario/index.js';
import type { AnyProtocol } from '../../sim/protocol.js';
import { MEASURE_NAMES } from '../../sim/measures.js';
import { fakeRaft, PROTOCOLS } from './fake-protocol.js';
import { errorOf, FILE, messageOf } from './helpers.js';

const F = FILE;

describe('the error classes of the brief', () => {
  it('malformed YAML names line and column', () => {
    const error = errorOf('protocol: raft\nnodes: [1, 2\nclients: 3\n');
    expect(error.message).toMatch(/^scenarios\/test\.yaml:3:1: malformed YAML: /);
    expect(error.where).toBe('3:1');
    expect(messageOf('protocol: raft\nfaults:\n  - at: 1s\n  crash: n1: n2\n')).toMatch(/^scenarios\/test\.yaml:\d+:\d+: malformed YAML: /);
    expect(messageOf('a: 1\na: 2\n')).toBe(`${F}:2:1: malformed YAML: Map keys must be unique`);
    expect(messageOf('---\nprotocol: raft\n---\nprotocol: raft\n')).toBe(`${F}:3:1: malformed YAML: a scenario file holds one YAML document, and another one starts here`);
    expect(messageOf('protocol: !custom raft\n')).toMatch(/^scenarios\/test\.yaml:1:11: malformed YAML: Unresolved tag: !custom/);
    expect(messageOf('x: *nope\n')).toBe(`${F}: malformed YAML: Unresolved alias (the anchor must be set before the alias): nope`);
  });

  it('unknown protocol lists the known ones', () => {
    expect(messageOf('protocol: rafft\n')).toBe(
      `${F}: protocol: unknown protocol "rafft" (did you mean raft? known: raft, primary-backup)`,
    );
    expect(messageOf('protocol: zab\n')).toBe(`${F}: protocol: unknown protocol "zab" (known: raft, primary-backup)`);
    expect(messageOf('nodes: 3\n')).toBe(`${F}: protocol: required (known: raft, primary-backup)`);
    expect(messageOf('')).toBe(`${F}: protocol: required (known: raft, primary-backup)`);
  });

  it('an unknown field is named with the allowed ones', () => {
    expect(messageOf('protocol: raft\nnetwork: {latncy: 2ms}\n')).toBe(
      `${F}: network.latncy: unknown field (did you mean latency? allowed: latency, drop, duplicate, reorder, reorderDelay, fifo, links, inFlight)`,
    );
    expect(messageOf('protocol: raft\nnode: 3\n')).toMatch(/^scenarios\/test\.yaml: node: unknown field \(did you mean nodes\? allowed: \$schema, name, description, protocol, config, /);
    expect(messageOf('protocol: raft\nfaults: [{at: 1s, crash: n1, fore: 2s}]\n')).toMatch(/^scenarios\/test\.yaml: faults\[0\]\.fore: unknown field \(did you mean for\?/);
    expect(messageOf('protocol: raft\nconfig: {prevote: true}\n')).toBe(
      `${F}: config.prevote: unknown field for raft (did you mean preVote? allowed: electionTimeout, heartbeat, preVote)`,
    );
  });

  it('a wrong field value names the field and what was expected', () => {
    expect(messageOf('protocol: raft\nnodes: many\n')).toBe(`${F}: nodes: expected a number of servers (1..1000) or a list of ids`);
    expect(messageOf('protocol: raft\nnodes: 1001\n')).toBe(`${F}: nodes: must be at most 1000`);
    expect(messageOf('protocol: raft\nnodes: 2.5\n')).toBe(`${F}: nodes: expected an integer, got 2.5`);
    expect(messageOf('protocol: raft\nseed: -1\n')).toBe(`${F}: seed: must be at least 0`);
    expect(messageOf('protocol: raft\nnetwork: {drop: 150%}\n')).toBe(
      `${F}: network.drop: expected a probability like 0.5% or 0.005, got "150%"`,
    );
    expect(messageOf('protocol: raft\nnetwork: {fifo: yes}\n')).toBe(`${F}: network.fifo: expected true or false, got "yes"`);
    expect(messageOf('protocol: raft\nnetwork: {inFlight: keep}\n')).toBe(
      `${F}: network.inFlight: expected one of drop, deliver, got "keep"`,
    );
    expect(messageOf('protocol: raft\nconfig: {preVote: maybe}\n')).toBe(`${F}: config.preVote: expected true or false, got "maybe"`);
    expect(messageOf('protocol: raft\nworkload: {rate: 0/s}\n')).toBe(`${F}: workload.rate: must be more than 0/s`);
    expect(messageOf('protocol: raft\nworkload: [1]\n')).toBe(`${F}: workload: expected a mapping, got a list`);
    expect(messageOf('[protocol, raft]')).toBe(
      `${F}: expected a mapping of scenario fields (protocol, nodes, faults, ...), got a list`,
    );
  });

  it('missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-missing-'));
    const missing = join(dir, 'missing.yaml');
    const attempt = () => loadScenarioFile(missing, { protocols: PROTOCOLS });
    expect(attempt).toThrow(ScenarioError);
    expect(attempt).toThrow(`${missing}: cannot read file (ENOENT)`);
    expect(() => loadScenarioFile(dir, { protocols: PROTOCOLS })).toThrow(`${dir}: cannot read file (EISDIR)`);
  });

  it('a fault aimed at a node that does not exist names ids, roles and keywords', () => {
    expect(messageOf('protocol: raft\nnodes: 5\nfaults: [{at: 1s}, {at: 1s}, {at: 3s, crash: n9}]\n'.replace('{at: 1s}, {at: 1s}', '{at: 1s, heal: all}, {at: 2s, heal: all}'))).toBe(
      `${F}: faults[2].crash: no node "n9" (nodes are n1..n5; clients are c1..c3; roles: leader, follower, candidate (or one:<role>, every:<role>); or all, servers, clients, everyone, random)`,
    );
    expect(messageOf('protocol: raft\nfaults: [{at: 1s, pause: [n1, leadr]}]\n')).toBe(
      `${F}: faults[0].pause[1]: no node "leadr" (did you mean leader? nodes are n1..n3; clients are c1..c3; roles: leader, follower, candidate (or one:<role>, every:<role>); or all, servers, clients, everyone, random)`,
    );
    expect(messageOf('protocol: raft\nfaults: [{at: 1s, partition: [[n1], [x7]]}]\n')).toBe(
      `${F}: faults[0].partition[1][0]: no node "x7" (nodes are n1..n3; clients are c1..c3; roles: leader, follower, candidate (or one:<role>, every:<role>); or all, servers, clients, everyone, random, rest)`,
    );
    expect(messageOf('protocol: raft\nfaults: [{at: 1s, clock: {node: z, step: 1s}}]\n')).toMatch(
      /^scenarios\/test\.yaml: faults\[0\]\.clock\.node: no node "z" /,
    );
    expect(messageOf('protocol: raft\nnetwork: {links: [{from: n1, to: n4}]}\n')).toBe(
      `${F}: network.links[0].to: no node "n4" (nodes are n1..n3; clients are c1..c3; or * for any)`,
    );
    expect(messageOf('protocol: raft\nclocks: {nodes: {n4: {drift: 1ppm}}}\n')).toBe(
      `${F}: clocks.nodes.n4: no node "n4" (nodes are n1..n3; clients are c1..c3)`,
    );
  });

  it('bad variant', () => {
    expect(messageOf('protocol: raft\nvariant: figure9-commit\n')).toBe(
      `${F}: variant: unknown variant "figure9-commit" of raft (did you mean figure8-commit? known: figure8-commit, vote-not-persisted)`,
    );
    expect(messageOf('protocol: primary-backup\nvariant: x\n')).toBe(`${F}: variant: primary-backup has no variants; use null`);
  });

  it('bad memory size', () => {
    expect(messageOf('protocol: raft\nchecks: { maxMemory: lots }\n')).toBe(`${F}: checks.maxMemory: expected a size like 2GiB or 512MiB, got "lots"`);
  });

  it('bad duration', () => {
    expect(messageOf('protocol: raft\nduration: 10 parsecs\n')).toBe(
      `${F}: duration: expected a duration with a unit, like 500us, 150ms, 2s or 1m, got "10 parsecs"`,
    );
    expect(messageOf('protocol: raft\nduration: 0s\n')).toBe(`${F}: duration: must be more than 0`);
    expect(messageOf('protocol: raft\nfaults: [{at: -1s, heal: all}]\n')).toBe(
      `${F}: faults[0].at: expected a duration with a unit, like 500us, 150ms, 2s or 1m, got "-1s"`,
    );
    expect(messageOf('protocol: raft\nfaults: [{at: 10s, heal: all}]\n')).toBe(
      `${F}: faults[0].at: 10s is not before the end of the run (duration 10s)`,
    );
    expect(messageOf('protocol: raft\nnetwork: {latency: {dist: uniform, min: 5ms, max: 1ms}}\n')).toBe(
      `${F}: network.latency.max: must be at least min (5ms)`,
    );
    expect(messageOf('protocol: raft\nconfig: {heartbeat: soon}\n')).toBe(
      `${F}: config.heartbeat: expected a duration with a unit, like 500us, 150ms, 2s or 1m, got "soon"`,
    );
  });

  it('mix op not supported by the protocol', () => {
    expect(messageOf('protocol: raft\nworkload: {mix: {get: 50%, scan: 50%}}\n')).toBe(
      `${F}: workload.mix.scan: operation "scan" is not supported by raft (operations: get, put, cas)`,
    );
    expect(messageOf('protocol: primary-backup\nworkload: {mix: {get: 1}}\n')).toBe(
      `${F}: workload.mix.get: operation "get" is not supported by primary-backup (operations: read, write)`,
    );
  });
});

describe('more rules', () => {
  it.each([
    ['nodes: [n1, n1]', 'nodes[1]: "n1" is listed twice'],
    ['nodes: [n1, all]', 'nodes[1]: "all" is a target keyword (all, servers, clients, everyone, random, rest); pick another id'],
    ['nodes: [n1, leader]', 'nodes[1]: "leader" is a role of the protocol; pick another id'],
    ['nodes: [c1, c2]', 'clients: "c1" is also a server id (nodes are c1, c2); pick another id'],
    ['nodes: ["*"]', 'nodes[0]: expected a node id: letters, digits and _ . : - (starting with a letter or digit, up to 64)'],
    ['clients: 0', 'clients: must be at least 1'],
    ['network: {latency: abc}', 'network.latency: expected a duration (2ms), a range (1ms..3ms) or a mapping with dist: constant, uniform, normal, exponential, lognormal or bimodal, got "abc"'],
    ['network: {latency: {dist: gamma}}', 'network.latency.dist: expected one of constant, uniform, normal, exponential, lognormal, bimodal, got "gamma"'],
    ['network: {latency: {mean: 1ms}}', 'network.latency.dist: required: one of constant, uniform, normal, exponential, lognormal, bimodal'],
    ['network: {latency: {dist: lognormal, median: 5ms}}', 'network.latency.p99: required'],
    ['network: {latency: {dist: lognormal, median: 5ms, p99: 1ms}}', 'network.latency.p99: must be at least median (5ms)'],
    ['network: {latency: {dist: bimodal, fast: 1ms, slow: {dist: bimodal}}}', 'network.latency.slow.dist: expected one of constant, uniform, normal, exponential, lognormal, got "bimodal"'],
    ['network: {latency: {dist: bimodal, fast: 1ms, slow: 2ms, slowProbability: 1%, slow_probability: 1%}}', 'network.latency.slow_probability: give slowProbability or slow_probability, not both'],
    ['workload: {concurrency: 4}', 'workload.concurrency: must be at most the number of clients (3)'],
    ['workload: {mix: {}}', 'workload.mix: expected at least one operation'],
    ['workload: {mix: {get: 0, put: 0%}}', 'workload.mix: the weights must add up to more than 0'],
    ['workload: {mix: {get: lots}}', 'workload.mix.get: expected a weight like 50% or a number >= 0, got "lots"'],
    ['workload: {start: 10s}', 'workload.start: must be before the end of the run (duration 10s)'],
    ['workload: {stop: 11s}', 'workload.stop: must be at most the duration (10s)'],
    ['workload: {start: 2s, stop: 1s}', 'workload.stop: must be after workload.start (2s)'],
    ['workload: {keyDistribution: zipf}', 'workload.keyDistribution: expected one of uniform, zipfian, got "zipf"'],
    ['faults: [{at: 1s}]', 'faults[0]: expected one action: partition, heal, crash, restart, pause, resume, clock, drift, loss, clog, unclog, drop, delay, duplicate, reorder, capture, link, connect, wipe, loseSynced, corrupt, membership'],
    ['faults: [{at: 1s, membership: {grow: n1}}]', 'faults[0].membership: expected { add: <server> } or { remove: <server> }'],
    ['faults: [{at: 1s, membership: {add: n1}, for: 1s}]', 'faults[0].for: membership cannot be undone; for: goes with partition, crash, pause, clog, loss, drift, drop, delay, duplicate, reorder, link, connect, wipe, loseSynced'],
    ['faults: [{at: 1s, membership: {remove: n9}}]', 'faults[0].membership.remove: no node "n9" (nodes are n1..n3; clients are c1..c3; roles: leader, follower, candidate (or one:<role>, every:<role>); or all, servers, clients, everyone, random)'],
    ['faults: [{crash: n1}]', 'faults[0].at: required'],
    ['faults: [{at: 1s, crash: n1, pause: n2}]', 'faults[0].pause: one action per entry, got crash and pause'],
    ['faults: [{at: 1s, link: {from: n1}}]', 'faults[0].link: expected at least one of latency, drop, duplicate, reorder, reorderDelay'],
    ['faults: [{at: 1s, link: {from: n7, drop: 5%}}]', 'faults[0].link.from: no node "n7" (nodes are n1..n3; clients are c1..c3; roles: leader, follower, candidate (or one:<role>, every:<role>); or all, servers, clients, everyone, random)'],
    ['faults: [{at: 1s, connect: [[n1, n2], {from: n3, too: n1}]}]', 'faults[0].connect[1].to: expected a target (a node id, a role, or all, servers, clients, random) or a list of targets'],
    ['faults: [{at: 1s, corrupt: {node: n1}, for: 1s}]', 'faults[0].for: corrupt cannot be undone; for: goes with partition, crash, pause, clog, loss, drift, drop, delay, duplicate, reorder, link, connect, wipe, loseSynced'],
    ['faults: [{at: 1s, restart: n1, for: 1s}]', 'faults[0].for: restart cannot be undone; for: goes with partition, crash, pause, clog, loss, drift, drop, delay, duplicate, reorder, link, connect, wipe, loseSynced'],
    ['faults: [{at: 1s, heal: some}]', 'faults[0].heal: expected all or true'],
    ['faults: [{at: 1s, crash: rest}]', 'faults[0].crash: rest only works in partition groups and oneway.to (the servers named nowhere else in the partition)'],
    ['faults: [{at: 1s, partition: {oneway: {from: rest, to: n1}}}]', 'faults[0].partition.oneway.from: rest only works in partition groups and oneway.to (the servers named nowhere else in the partition)'],
    ['faults: [{at: 1s, partition: {bridge: n1, sides: [[n2], rest]}}]', 'faults[0].partition.sides[1]: rest only works in partition groups and oneway.to (the servers named nowhere else in the partition)'],
    ['faults: [{at: 1s, crash: [n1, n1]}]', 'faults[0].crash[1]: "n1" is listed twice'],
    ['faults: [{at: 1s, crash: []}]', 'faults[0].crash: expected at least 1 entry'],
    ['faults: [{at: 1s, partition: [[n1]]}]', 'faults[0].partition: expected at least 2 entries'],
    ['faults: [{at: 1s, partition: [[n1], [n1, n2]]}]', 'faults[0].partition[1][0]: "n1" is already in faults[0].partition[0]'],
    ['faults: [{at: 1s, partition: [[leader], rest, rest]}]', 'faults[0].partition[2]: "rest" is already in faults[0].partition[1]'],
    ['faults: [{at: 1s, partition: {}}]', 'faults[0].partition: expected oneway: {from, to} or bridge: <node>'],
    ['faults: [{at: 1s, partition: {bridge: n1, oneway: {from: n1, to: n2}}}]', 'faults[0].partition.bridge: give oneway or bridge, not both'],
    ['faults: [{at: 1s, partition: {bridge: n3, sides: [[n1]]}}]', 'faults[0].partition.sides: expected exactly 2 entries'],
    ['faults: [{at: 1s, partition: {bridge: all}}]', 'faults[0].partition.bridge: expected one node (a node id, a role or random), got all'],
    ['faults: [{at: 1s, partition: split}]', 'faults[0].partition: expected a list of groups like [[leader], rest], or {oneway: {from, to}}, or {bridge: <node>}'],
    ['faults: [{at: 1s, clock: {node: n1}}]', 'faults[0].clock.step: required'],
    ['faults: [{at: 1s, drift: {node: n1, ppm: fast}}]', 'faults[0].drift.ppm: expected a drift like 100ppm, got "fast"'],
    ['faults: [{at: 1s, drift: {node: n1, ppm: -1000000}}]', 'faults[0].drift.ppm: must be within +-999999ppm (a clock cannot stop)'],
    ['clocks: {drift: -5ppm}', 'clocks.drift: must not be negative'],
    ['faults: [{at: 1s, loss: 2}]', 'faults[0].loss: expected a probability like 0.5% or 0.005, got 2'],
    ['faults: {at: 1s}', 'faults: expected a list, got a mapping'],
    ['nemesis: {kinds: [partition, fire]}', 'nemesis.kinds[1]: expected one of partition, crash, pause, clock, loss, clog, membership, client-pause, client-crash, client-clock, duplicate, reorder, ... (14 in all), got "fire"'],
    ['nemesis: {kinds: [crash, crash]}', 'nemesis.kinds[1]: crash is listed twice'],
    ['nemesis: {kinds: []}', 'nemesis.kinds: expected at least 1 entry'],
    ['nemesis: {stop: 20s}', 'nemesis.stop: must be at most the duration (10s)'],
    ['nemesis: {start: 5s, stop: 4s}', 'nemesis.stop: must be after nemesis.start (5s)'],
    ['nemesis: {duration: 0s..1s}', 'nemesis.duration: must be more than 0'],
    ['nemesis: yes', 'nemesis: expected true, false, null or a mapping of nemesis settings'],
    ['duration: 3s\nnemesis: true', 'nemesis: no time for faults: start 1s is not before stop 0s (duration 3s - settle 3s); set nemesis.start/stop or a longer duration'],
    ['checks: [linearizability, linearizability]', 'checks[1]: linearizability is listed twice'],
    ['checks: [lin]', 'checks[0]: expected one of linearizability, invariants, got "lin"'],
    ['checks: {searchSteps: 0}', 'checks.searchSteps: must be at least 1'],
    ['checks: {timeout: 5s}', 'checks.timeout: unknown field (allowed: linearizability, invariants, model, models, availabilityWindow, searchSteps, maxMemory)'],
    ['checks: {linearizability: maybe}', 'checks.linearizability: expected true, false or report, got "maybe"'],
    ['checks: {model: regster}', 'checks.model: unknown model "regster" (did you mean register? models: register, cas-register, kv, mutex, lock, bank, counter, set, queue, consensus)'],
    ['checks: {linearizability: report}\nexpect: {violation: linearizability}', 'expect.violation: expects a linearizability violation, but linearizability is report-only (checks.linearizability: report)'],
    ['expect: {measures: {okFraction: {}}}', 'expect.measures.okFraction: expected min, max or both'],
    ['expect: {measures: {okFraction: {min: lots}}}', 'expect.measures.okFraction.min: expected a number, a percentage (5%) or a duration (200ms), got "lots"'],
    ['workload: {generator: programs}', 'workload.generator: raft has no workload generator "programs" (generators: kv)'],
    ['expect: {verdict: fail}', 'expect.verdict: expected one of pass, violation, no-progress, got "fail"'],
    ['expect: {verdict: pass, violation: election-safety}', 'expect.violation: a scenario expected to end in pass names no violation; set verdict: violation'],
    ['expect: {violation: election-safty}', 'expect.violation: "election-safty" is not a check of raft (did you mean election-safety? known: linearizability, election-safety, log-matching)'],
    ['checks: [invariants]\nexpect: {violation: linearizability}', 'expect.violation: expects a linearizability violation, but checks leave linearizability off'],
    ['checks: [linearizability]\nexpect: {violation: log-matching}', 'expect.violation: expects invariant log-matching to fail, but checks leave invariants off'],
    ['expect: {sometimes: leader}', 'expect.sometimes: expected a list, got "leader"'],
    ['expect: {sometimes: [commit, became-leadr]}', 'expect.sometimes[1]: raft logs no event "became-leadr" (did you mean became-leader? events: became-leader, commit, crash, restart, op-ok)'],
    ['nodes: 3\nservices: {a: {}}', 'services: give nodes or services, not both'],
    ['spares: 1\nservices: {a: {}}', 'spares: with services, give spares per group (services.<group>.spares)'],
    ['services: {a: {count: 0}}', 'services.a.count: must be at least 1'],
    ['services: {a: {kind: serve}}', 'services.a.kind: raft has no node kind "serve" (did you mean server? kinds: server)'],
    ['disk: {syncLatency: fast}', 'disk.syncLatency: expected a duration (2ms), a range (1ms..3ms) or a mapping with dist: constant, uniform, normal, exponential, lognormal or bimodal, got "fast"'],
    ['limits: {events: 0}', 'limits.events: must be at least 1'],
    ['name: "two\\nlines"', 'name: expected a single line'],
    ['__proto__: {protocol: raft}', '__proto__: not a field'],
  ])('%s', (yaml, expected) => {
    expect(messageOf(`protocol: raft\n${yaml}\n`)).toBe(`${F}: ${expected}`);
  });

  it('an unknown measure names the measures (the line is cut when they are many)', () => {
    const message = messageOf('protocol: raft\nexpect: {measures: {staleReads: {max: 5%}}}\n');
    const full = `${F}: expect.measures.staleReads: unknown measure "staleReads" (measures: ${MEASURE_NAMES.join(', ')})`;
    expect(full.startsWith(message.replace(/\.\.\.$/, ''))).toBe(true);
    expect(message).toContain('(measures: okFraction, failFraction');
  });

  it('reports only the first problem', () => {
    const message = messageOf('protocol: raft\nnodes: zero\nduration: never\nfaults: [{at: 1s, crash: n9}]\n');
    expect(message).toBe(`${F}: nodes: expected a number of servers (1..1000) or a list of ids`);
  });

  it('messages stay one line whatever the input', () => {
    const long = 'x'.repeat(5000);
    const message = messageOf(`protocol: raft\nduration: "${long}\\nsecond line"\n`);
    expect(message).not.toContain('\n');
    expect(message.length).toBeLessThan(400);
    const oddKey = messageOf('protocol: raft\nclocks: {nodes: {"a\\nb": {drift: 1}}}\n');
    expect(oddKey).toBe(`${F}: clocks.nodes["a\\nb"]: no node "a\\nb" (nodes are n1..n3; clients are c1..c3)`);
  });

  it('a protocol config schema that throws is still a ScenarioError', () => {
    const throwing: AnyProtocol = {
      ...fakeRaft,
      configSchema: z.object({}).transform(() => {
        throw new Error('boom');
      }),
    };
    expect(() => parseScenarioText('protocol: raft\n', F, { protocols: new Map([['raft', throwing]]) })).toThrow(
      `${F}: config: the raft config schema failed: boom`,
    );
  });

  it('ScenarioError carries the parts of its message', () => {
    const error = errorOf('protocol: raft\nnodes: many\n');
    expect(error.name).toBe('ScenarioError');
    expect(error.file).toBe(F);
    expect(error.where).toBe('nodes');
    expect(error.detail).toBe('expected a number of servers (1..1000) or a list of ids');
  });
});
