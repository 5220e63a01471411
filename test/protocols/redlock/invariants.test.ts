// Redlock's invariants on hand-made event streams: known-bad input must be rejected with
// the overlap in microseconds and the likely cause; good input must pass.
import { describe, expect, it } from 'vitest';
import type { ObservedEvent } from '../../../checkers/invariants.js';
import { REDLOCK_INVARIANTS } from '../../../protocols/redlock/invariants.js';

const NODES = ['lock-1', 'lock-2', 'lock-3', 'c1', 'c2'];
const viewOf = (node: string) => (node.startsWith('lock-') ? { role: 'lock-server' } : { role: 'client' });

let index = 0;
const log = (timeUs: number, node: string, name: string, fields: Record<string, unknown>): ObservedEvent => ({ index: index++, timeUs, kind: 'log', node, name, fields });
const fault = (timeUs: number, name: string, nodes: string[] | null): ObservedEvent => ({ index: index++, timeUs, kind: 'fault', node: '', name, fields: nodes === null ? {} : { nodes } });

function run(name: string, events: readonly ObservedEvent[]): string | null {
  const check = REDLOCK_INVARIANTS.find((i) => i.name === name)!.create();
  for (const event of events) {
    const message = check.onEvent?.(event, viewOf, NODES) ?? null;
    if (message !== null) return message;
  }
  return check.atEnd?.(viewOf, NODES) ?? null;
}

describe('mutual-exclusion', () => {
  it('passes holders one after the other', () => {
    const events = [log(0, 'c1', 'lock-held', { token: 1 }), log(10, 'c1', 'lock-lost', { token: 1 }), log(10, 'c2', 'lock-held', { token: 2 })];
    expect(run('mutual-exclusion', events)).toBeNull();
  });

  it('reports an overlap with its length and the latest fault touching a holder or a lock server', () => {
    const events = [
      fault(1, 'pause', ['c2']),
      log(5, 'c1', 'lock-held', { token: 1 }),
      fault(6, 'clock-step', ['lock-3']),
      fault(7, 'crash', ['storage-1']),
      log(20, 'c2', 'lock-held', { token: 2 }),
      log(120, 'c1', 'lock-lost', { token: 1 }),
    ];
    expect(run('mutual-exclusion', events)).toBe(
      'c1 and c2 both believed they held the lock for 100us (true time, from 20us); likely cause: clock-step of lock-3 at 6us',
    );
  });

  it('ends a belief at a crash, and reports an overlap still open at the end', () => {
    const crash: ObservedEvent = { index: index++, timeUs: 8, kind: 'crash', node: 'c1', name: 'crash', fields: {} };
    expect(run('mutual-exclusion', [log(0, 'c1', 'lock-held', { token: 1 }), crash, log(9, 'c2', 'lock-held', { token: 2 })])).toBeNull();
    expect(run('mutual-exclusion', [log(0, 'c1', 'lock-held', { token: 1 }), log(9, 'c2', 'lock-held', { token: 2 })])).toMatch(
      /c1 and c2 both believed they held the lock from 9us to the end of the run; likely cause: no fault/,
    );
  });
});

describe('tokens-increasing', () => {
  it('accepts equal and growing tokens, rejects a lower one', () => {
    const accepted = (t: number, token: number) => log(t, 'storage-1', 'accepted', { token, write: true, value: 0 });
    expect(run('tokens-increasing', [accepted(1, 1), accepted(2, 1), accepted(3, 4)])).toBeNull();
    expect(run('tokens-increasing', [accepted(1, 5), accepted(2, 3)])).toBe('the resource accepted token 3 after token 5 (at 2us)');
  });
});
