// sim/embedded-context.ts: an embedded client sees its own group as servers and its
// completions come back to the embedding node; everything else is the node's own.
import { describe, expect, it } from 'vitest';
import { embeddedContext } from '../../sim/embedded-context.js';
import type { ClientContext, Message, OpResult } from '../../sim/types.js';

describe('embeddedContext', () => {
  it('narrows the servers and routes completions, forwarding the rest', () => {
    const sent: [string, Message][] = [];
    const completedByKernel: number[] = [];
    const outer = {
      id: 'c1', servers: ['a', 'b', 'x'], peers: ['a', 'b', 'x'], allServers: ['a', 'b', 'x'],
      now: () => 42, send: (to: string, msg: Message) => sent.push([to, msg]), sendUnsynced: () => {},
      setTimer: () => 7, cancelTimer: () => {}, random: () => 0.5, disk: {} as ClientContext['disk'], log: () => {},
      complete: (opId: number) => completedByKernel.push(opId),
    } satisfies ClientContext;
    const seen: [number, OpResult][] = [];
    const inner = embeddedContext(outer, ['x'], (opId, result) => seen.push([opId, result]));
    expect(inner.servers).toEqual(['x']);
    expect(inner.peers).toEqual(['x']);
    expect(inner.now()).toBe(42);
    expect(inner.setTimer(5, 't')).toBe(7);
    inner.send('x', { type: 'ping' });
    inner.complete(-1, { type: 'ok' });
    expect(sent).toEqual([['x', { type: 'ping' }]]);
    expect(seen).toEqual([[-1, { type: 'ok' }]]);
    expect(completedByKernel).toEqual([]);
  });
});
