// The kernel asserts its own invariants in the code (sim/assert.ts): time never goes back,
// a node that is not up handles nothing, a held message is never delivered twice. A broken
// kernel is simulated by reaching into the world; each assertion must stop the run.
import { describe, expect, it } from 'vitest';
import { KernelAssertionError } from '../../sim/assert.js';
import { World } from '../../sim/world.js';
import { chatterProtocol } from '../support/kernel-protocols.js';
import { makeScenario } from '../support/scenario.js';

// The world's internals, as far as these tests poke at them.
interface WorldInside {
  scheduler: { push(atUs: number, kind: number, node: number, peer: number, n: number, payload: unknown): void };
  current: { copy(): unknown; atUs: number; kind: number; node: number; peer: number; n: number; payload: unknown };
  hosts: { status: string; pausedInbox: unknown[]; pauses: Set<number> }[];
  handleMessage(host: unknown, ev: unknown): void;
  resume(i: number, layer: number | null): void;
  crash(i: number): void;
}

const EV_DELIVER = 0;

function world(): { world: World; inside: WorldInside } {
  const scenario = makeScenario({
    protocol: 'test-chatter', config: { periodUs: 1_000 }, servers: ['n1', 'n2'], clients: ['c1'],
    durationUs: 50_000, settleUs: 0, workload: { mix: {} },
  } as Parameters<typeof makeScenario>[0]);
  const w = new World(scenario, chatterProtocol);
  return { world: w, inside: w as unknown as WorldInside };
}

/** A delivery event to n2 as the loop would hold it. */
function heldDelivery(inside: WorldInside): unknown {
  Object.assign(inside.current, { atUs: 0, kind: EV_DELIVER, node: 1, peer: 0, n: 0, payload: { type: 'chat', seq: 1 } });
  return inside.current.copy();
}

describe('kernel assertions', () => {
  it('a correct run trips none of them', () => {
    expect(world().world.run().endReason).toBe('completed');
  });

  it('time never goes back: an event scheduled in the past stops the run', () => {
    const { world: w, inside } = world();
    inside.scheduler.push(-1, 1, 0, -1, 0, null);
    expect(() => w.run()).toThrow(KernelAssertionError);
    expect(() => world().world.run()).not.toThrow();
  });

  it('a node that is down or paused handles nothing', () => {
    const { inside } = world();
    const ev = heldDelivery(inside);
    inside.hosts[1]!.status = 'down';
    expect(() => inside.handleMessage(inside.hosts[1], ev)).toThrow(/n2 is down but a message was handed to it/);
    inside.hosts[1]!.status = 'paused';
    expect(() => inside.handleMessage(inside.hosts[1], ev)).toThrow(/n2 is paused/);
  });

  it('a held message is never delivered twice: the same held message queued twice stops the run at its second delivery', () => {
    const { world: w, inside } = world();
    w.run(); // boots the nodes
    const host = inside.hosts[1]!;
    const ev = heldDelivery(inside);
    host.status = 'paused';
    host.pauses.add(1);
    host.pausedInbox.push(ev, ev);
    expect(() => inside.resume(1, null)).toThrow(/a held chat to n2 was delivered twice/);
  });
});
