// The run-time half of the determinism rules for protocol modules (the source scan is the
// load-time half, determinism-scan.ts). While a module's handler runs, the ambient sources
// of time, randomness and scheduling throw instead of answering; outside handlers they
// behave as always (the CLI's own progress line and wall-clock budget use them). A throw
// is an exception in protocol code like any other: the runtime reports it with the seed
// and the event, and the run fails.
//
// It catches what a text scan cannot (`globalThis['Math']['ran' + 'dom']()`), at the cost
// of one counter around each handler of a module's nodes. It cannot trap `new Date()`
// (Date itself stays) nor code that runs at import time, before any handler.
import type { AnyProtocol } from '../sim/protocol.js';
import type { ClientNode, Message, ServerNode } from '../sim/types.js';

export class DeterminismError extends Error {
  override readonly name = 'DeterminismError';
}

/** How deep we are in protocol-module code (handlers may nest through ctx calls: never, but cheap to allow). */
let guardedDepth = 0;

interface Trap {
  readonly owner: object;
  /** How the owner reads in code: `Math`, `process`, '' for a global function. */
  readonly label: string;
  readonly key: string;
  readonly instead: string;
}

function traps(): Trap[] {
  const time = 'use ctx.now()';
  const timers = 'use ctx.setTimer()';
  const random = 'use ctx.random()';
  const list: Trap[] = [
    { owner: Math, label: 'Math', key: 'random', instead: random },
    { owner: Date, label: 'Date', key: 'now', instead: time },
    { owner: globalThis, label: '', key: 'setTimeout', instead: timers },
    { owner: globalThis, label: '', key: 'setInterval', instead: timers },
    { owner: globalThis, label: '', key: 'setImmediate', instead: timers },
    { owner: globalThis, label: '', key: 'queueMicrotask', instead: timers },
    { owner: process, label: 'process', key: 'nextTick', instead: timers },
    { owner: process, label: 'process', key: 'hrtime', instead: time },
  ];
  if (typeof performance !== 'undefined') list.push({ owner: performance, label: 'performance', key: 'now', instead: time });
  if (globalThis.crypto !== undefined) {
    list.push({ owner: globalThis.crypto, label: 'crypto', key: 'getRandomValues', instead: random }, { owner: globalThis.crypto, label: 'crypto', key: 'randomUUID', instead: random });
  }
  return list;
}

let installed = false;

/** Replace each trapped function by one that throws inside protocol-module code and passes through elsewhere. */
function installTraps(): void {
  if (installed) return;
  installed = true;
  for (const { owner, label, key, instead } of traps()) {
    const table = owner as Record<string, unknown>;
    const original = table[key];
    if (typeof original !== 'function') continue;
    const name = label === '' ? key : `${label}.${key}`;
    const trapped = function (this: unknown, ...args: unknown[]): unknown {
      if (guardedDepth > 0) throw new DeterminismError(`${name} is not allowed in protocol code (${instead}; docs/student-protocols.md)`);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    Object.defineProperties(trapped, Object.getOwnPropertyDescriptors(original));
    table[key] = trapped;
  }
}

function guarded<R>(run: () => R): R {
  guardedDepth++;
  try {
    return run();
  } finally {
    guardedDepth--;
  }
}

const NODE_METHODS = ['start', 'receive', 'timer', 'synced', 'admin', 'invoke', 'abandon', 'inspect'] as const;

/** The node with each handler it has run under the guard. Only methods: the kernel touches nothing else. */
function guardNode<N extends ServerNode<Message> | ClientNode<Message>>(node: N): N {
  const wrapped: Record<string, unknown> = {};
  const methods = node as unknown as Record<string, unknown>;
  for (const name of NODE_METHODS) {
    const method = methods[name];
    if (typeof method === 'function') wrapped[name] = (...args: unknown[]) => guarded(() => method.apply(node, args));
  }
  return wrapped as unknown as N;
}

/** A protocol whose nodes run under the guard (and whose node construction does too). */
export function guardProtocol(protocol: AnyProtocol): AnyProtocol {
  installTraps();
  return {
    ...protocol,
    createServer: (id, setup) => guardNode(guarded(() => protocol.createServer(id, setup))),
    createClient: (id, setup) => guardNode(guarded(() => protocol.createClient(id, setup))),
  };
}
