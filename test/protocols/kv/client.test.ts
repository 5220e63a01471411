// The generic kv client, driven by hand on a fake context.
import { describe, expect, it } from 'vitest';
import { createKvClient, INCARNATION_KEY, standardKvAdapter, type KvClientAdapter } from '../../../protocols/kv/client.js';
import type { KvMessage, KvReply, KvRequest } from '../../../protocols/kv/messages.js';
import type { ClientOp, Message } from '../../../sim/types.js';
import { FakeContext } from '../../support/fake-context.js';

const OPTIONS = { requestTimeoutUs: 100_000, backoffMinUs: 10_000, backoffMaxUs: 80_000 };

function setup(adapter: KvClientAdapter<KvMessage> = standardKvAdapter<KvMessage>()) {
  const ctx = new FakeContext<KvMessage>({ id: 'c1', servers: ['n1', 'n2', 'n3'] });
  ctx.randomQueue.push(0); // start with n1
  const client = createKvClient(OPTIONS, adapter);
  client.start(ctx);
  return { ctx, client };
}

function lastRequest(ctx: FakeContext<KvMessage>): { to: string; msg: KvRequest } {
  const requests = ctx.outbox.filter((s) => s.msg.type === 'kv-request');
  return requests[requests.length - 1] as { to: string; msg: KvRequest };
}

function reply(msg: KvRequest, fields: Partial<KvReply>): KvReply {
  return { type: 'kv-reply', client: msg.command.client, seq: msg.command.seq, outcome: 'ok', ...fields };
}

const op = (id: number, f: string, value: unknown = null, key: string | null = 'k'): ClientOp => ({ id, f, key, value });

function fireTimer(ctx: FakeContext<KvMessage>, client: ReturnType<typeof setup>['client']): string {
  const timers = [...ctx.timers.values()];
  expect(timers).toHaveLength(1);
  const timer = timers[0]!;
  ctx.timers.delete(timer.id);
  ctx.nowUs = timer.atUs;
  client.timer(ctx, timer.name, timer.id);
  return timer.name;
}

describe('kv client', () => {
  it('sends the op to a server and completes with what the server answered', () => {
    const { ctx, client } = setup();
    client.invoke(ctx, op(1, 'get'));
    const request = lastRequest(ctx);
    expect(request.to).toBe('n1');
    expect(request.msg.command).toEqual({ f: 'get', key: 'k', value: null, client: 'c1.1', seq: 1 });
    client.receive(ctx, 'n1', reply(request.msg, { value: 7 }));
    expect(ctx.completions).toEqual([{ opId: 1, result: { type: 'ok', value: 7, server: 'n1' } }]);
    expect(ctx.timers.size).toBe(0);
  });

  it('writes complete ok without a value; a definite rejection completes as fail', () => {
    const { ctx, client } = setup();
    client.invoke(ctx, op(1, 'put', 3));
    client.receive(ctx, 'n1', reply(lastRequest(ctx).msg, { value: null }));
    client.invoke(ctx, op(2, 'cas', [1, 2]));
    client.receive(ctx, 'n1', reply(lastRequest(ctx).msg, { outcome: 'fail', error: 'cas-mismatch' }));
    expect(ctx.completions.map((c) => c.result)).toEqual([{ type: 'ok', server: 'n1' }, { type: 'fail', error: 'cas-mismatch', server: 'n1' }]);
  });

  it('follows a redirect hint at once, keeping the same seq', () => {
    const { ctx, client } = setup();
    client.invoke(ctx, op(1, 'put', 3));
    const first = lastRequest(ctx).msg;
    client.receive(ctx, 'n1', reply(first, { outcome: 'redirect', leader: 'n3' }));
    const second = lastRequest(ctx);
    expect(second.to).toBe('n3');
    expect(second.msg.command).toBe(first.command);
    client.receive(ctx, 'n3', reply(first, {}));
    client.invoke(ctx, op(2, 'put', 4));
    expect(lastRequest(ctx).to).toBe('n3'); // remembers the leader
    expect(lastRequest(ctx).msg.command.seq).toBe(2);
  });

  it('backs off and tries the next server after a redirect without a hint or a timeout', () => {
    const { ctx, client } = setup();
    client.invoke(ctx, op(1, 'put', 3));
    client.receive(ctx, 'n1', reply(lastRequest(ctx).msg, { outcome: 'redirect', leader: null }));
    expect(ctx.outbox).toHaveLength(1);
    expect(fireTimer(ctx, client)).toBe('backoff');
    expect(lastRequest(ctx).to).toBe('n2');
    expect(fireTimer(ctx, client)).toBe('request-timeout');
    expect(fireTimer(ctx, client)).toBe('backoff');
    expect(lastRequest(ctx).to).toBe('n3');
    expect(new Set(ctx.outbox.map((s) => (s.msg as KvRequest).command.seq))).toEqual(new Set([1]));
  });

  it('backoff doubles from min to max with jitter in [half, full]', () => {
    const { ctx, client } = setup();
    client.invoke(ctx, op(1, 'put', 3));
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      expect(fireTimer(ctx, client)).toBe('request-timeout');
      const timer = [...ctx.timers.values()][0]!;
      delays.push(timer.afterUs);
      fireTimer(ctx, client);
    }
    const ceilings = [10_000, 20_000, 40_000, 80_000, 80_000, 80_000];
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(ceilings[i]! / 2);
      expect(d).toBeLessThanOrEqual(ceilings[i]!);
    });
  });

  it('ignores replies for other ops or sessions, and late redirects', () => {
    const { ctx, client } = setup();
    client.invoke(ctx, op(1, 'put', 3));
    const request = lastRequest(ctx).msg;
    client.receive(ctx, 'n1', { ...reply(request, {}), seq: 0 });
    client.receive(ctx, 'n1', { ...reply(request, {}), client: 'c1.0' });
    client.receive(ctx, 'n2', reply(request, { outcome: 'redirect', leader: 'n3' })); // not the server asked
    expect(ctx.completions).toEqual([]);
    expect(ctx.outbox).toHaveLength(1);
  });

  it('stops retrying an abandoned op', () => {
    const { ctx, client } = setup();
    client.invoke(ctx, op(1, 'put', 3));
    client.abandon(ctx, 1);
    expect(ctx.timers.size).toBe(0);
    client.receive(ctx, 'n1', reply(lastRequest(ctx).msg, {}));
    expect(ctx.completions).toEqual([]);
  });

  it('fails an operation it does not know, at once', () => {
    const { ctx, client } = setup();
    client.invoke(ctx, op(1, 'dequeue'));
    expect(ctx.completions).toEqual([{ opId: 1, result: { type: 'fail', error: 'unsupported operation dequeue' } }]);
  });

  it('a restarted client gets a new session, so old seqs can not be confused', () => {
    const { ctx, client } = setup();
    expect(ctx.disk.get(INCARNATION_KEY)).toBe(1);
    const again = createKvClient(OPTIONS, standardKvAdapter<KvMessage>());
    const ctx2 = ctx.crash();
    again.start(ctx2);
    again.invoke(ctx2, op(1, 'get'));
    expect(lastRequest(ctx2).msg.command.client).toBe('c1.2');
    expect(client.inspect()).toMatchObject({ role: 'client', session: 'c1.1' });
  });

  it('works over another protocol’s messages through an adapter', () => {
    type Pb = { type: 'pb-write'; cmd: KvRequest['command'] } | { type: 'pb-ack'; s: string; n: number; ok: boolean; primary: string | null };
    const adapter: KvClientAdapter<Pb> = {
      request: (command) => ({ type: 'pb-write', cmd: command }),
      reply: (msg) =>
        msg.type !== 'pb-ack'
          ? null
          : msg.ok
            ? { kind: 'ok', client: msg.s, seq: msg.n }
            : { kind: 'redirect', client: msg.s, seq: msg.n, leader: msg.primary },
    };
    const ctx = new FakeContext<Pb & Message>({ id: 'c1', servers: ['p', 'b'] });
    ctx.randomQueue.push(0);
    const client = createKvClient(OPTIONS, adapter);
    client.start(ctx);
    client.invoke(ctx, op(1, 'put', 1));
    expect(ctx.outbox[0]).toMatchObject({ to: 'p', msg: { type: 'pb-write' } });
    client.receive(ctx, 'p', { type: 'pb-ack', s: 'c1.1', n: 1, ok: false, primary: 'b' });
    expect(ctx.outbox[1]).toMatchObject({ to: 'b' });
    client.receive(ctx, 'b', { type: 'pb-ack', s: 'c1.1', n: 1, ok: true, primary: 'b' });
    // The server that answered is the one the redirect named.
    expect(ctx.completions).toEqual([{ opId: 1, result: { type: 'ok', server: 'b' } }]);
  });
});
