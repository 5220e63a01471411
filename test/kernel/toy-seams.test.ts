// The kernel's seams, proven on the toy protocol (test/support/toy-protocol.ts): a client
// program of several ops from the protocol's own generator, structured results (a lock
// token), ops of two histories, and the history formats round-tripping all of it.
import { describe, expect, it } from 'vitest';
import { historyToEdn, historyToJson, parseHistory } from '../../checkers/formats/history-io.js';
import type { HistoryOp } from '../../checkers/history.js';
import type { AnyProtocol } from '../../sim/protocol.js';
import { runScenario } from '../../sim/run.js';
import { parseScenarioText } from '../../sim/scenario/load.js';
import { toyProtocol } from '../support/toy-protocol.js';

const PROTOCOLS = new Map<string, AnyProtocol>([['toy', toyProtocol]]);

export function toyScenario(extra = '') {
  const text = `protocol: toy\nnodes: 1\nclients: 3\nduration: 2s\nworkload: { rate: 200/s }\n${extra}`;
  return parseScenarioText(text, 'toy.yaml', { protocols: PROTOCOLS });
}

/** The ops of one client process, invocations only, in order. */
function programOf(history: readonly HistoryOp[], client: string): string[] {
  return history.filter((op) => op.client === client && op.type === 'invoke').map((op) => op.f);
}

describe('toy protocol: a client program from the protocol generator', () => {
  const scenario = toyScenario();
  const result = runScenario(scenario, toyProtocol);

  it('uses the protocol default generator', () => {
    expect(scenario.workload.generator).toBe('default');
  });

  it('runs acquire, write, read, release in order on the client that holds the lock', () => {
    const completions = result.history.filter((op) => op.type !== 'invoke');
    const firstGranted = completions.find((op) => op.f === 'acquire' && op.type === 'ok')!;
    expect(firstGranted).toBeDefined();
    const program = programOf(result.history, firstGranted.client!);
    const start = program.indexOf('acquire', program.findIndex((f) => f === 'write') - 1);
    expect(program.slice(start, start + 4)).toEqual(['acquire', 'write', 'read', 'release']);
  });

  it('returns the token as a structured result, and releases with that token', () => {
    const grants = result.history.filter((op) => op.f === 'acquire' && op.type === 'ok');
    expect(grants.length).toBeGreaterThan(2);
    const tokens = grants.map((op) => (op.value as { token: number }).token);
    expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
    for (const grant of grants) {
      const token = (grant.value as { token: number }).token;
      const release = result.history.find((op) => op.type === 'invoke' && op.f === 'release' && op.client === grant.client && op.index > grant.index);
      if (release !== undefined) expect(release.value).toBe(token);
    }
  });

  it('names the client of every op and the server of every completion it heard from', () => {
    for (const op of result.history) expect(op.client).toMatch(/^c[123]$/);
    const answered = result.history.filter((op) => op.type === 'ok' || op.type === 'fail');
    expect(answered.length).toBeGreaterThan(0);
    for (const op of answered) expect(op.server).toBe('n1');
    expect(result.history.filter((op) => op.type === 'invoke').every((op) => op.server === undefined)).toBe(true);
  });

  it('tags the resource ops with their history', () => {
    const resource = result.history.filter((op) => op.history === 'resource');
    expect(new Set(resource.map((op) => op.f))).toEqual(new Set(['write', 'read']));
    expect(result.history.filter((op) => op.f === 'acquire').every((op) => op.history === undefined)).toBe(true);
  });

  it('round-trips the history through EDN and JSON, structured values included', () => {
    const strip = (ops: readonly HistoryOp[]) => ops.map(({ line: _line, ...op }) => op);
    const edn = historyToEdn(result.history);
    expect(edn).toMatch(/:value \{:token 1\}/);
    expect(edn).toMatch(/:client "c\d", :server "n1"/);
    expect(strip(parseHistory(edn).ops)).toEqual(strip(result.history));
    expect(strip(parseHistory(historyToJson(result.history)).ops)).toEqual(strip(result.history));
  });
});
