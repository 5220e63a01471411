// The scenario FILE format as a zod schema: shapes, units and the checks that need no
// context. Its input side is the JSON Schema editors use (scenarios/faultline.schema.json);
// its output keeps the file's structure with units converted, and resolve.ts turns that
// into a Scenario once the protocol and the node ids are known.
import { z } from 'zod';
import { parseDurationRangeUs, parseDurationUs } from '../units.js';
import {
  duration,
  DURATION_US_MAX,
  durationRange,
  formatDurationUs,
  integer,
  nodeId,
  PATTERNS,
  ppm,
  probability,
  rate,
  signedDuration,
  size,
  strict,
} from './fields.js';
import { NODES_MAX, servicesField, sparesField } from './services.js';
import { DISK_JOURNAL_MAX } from '../disk.js';
import type { LatencySpec } from './types.js';

export { NODES_MAX } from './services.js';
export const CLIENTS_MAX = 1000;
export const KEYS_MAX = 1_000_000;
export const EVENTS_MAX = 1_000_000_000_000;

/** A section may be written empty (`network:` with everything commented out). */
function section<S extends z.ZodType<object, Record<string, unknown>>>(schema: S) {
  return schema.nullish().transform((value): z.output<S> => value ?? (schema.parse({}) as z.output<S>));
}

// ---------------------------------------------------------------- network

/** `2ms` -> constant, `1ms..3ms` -> uniform. */
function latencyShorthand(expected: string) {
  return z
    .union([z.string(), z.number()])
    .transform((value, ctx): LatencySpec => {
      const range = parseDurationRangeUs(value);
      if (range === null || range.maxUs > DURATION_US_MAX) {
        ctx.addIssue({ code: 'custom', message: `${expected}, got ${JSON.stringify(value)}` });
        return z.NEVER;
      }
      return range.minUs === range.maxUs
        ? { dist: 'constant', valueUs: range.minUs }
        : { dist: 'uniform', minUs: range.minUs, maxUs: range.maxUs };
    })
    .meta({ description: 'a constant latency (2ms) or a uniform range (1ms..3ms)', pattern: PATTERNS.durationRange, minimum: 0, maximum: 0 });
}

const LATENCY_EXPECTED =
  'expected a duration (2ms), a range (1ms..3ms) or a mapping with dist: constant, uniform, normal, exponential, lognormal or bimodal';
const SIMPLE_LATENCY_EXPECTED = LATENCY_EXPECTED.replace(', lognormal or bimodal', ' or lognormal');

function atLeast<K extends string>(smaller: K, larger: K) {
  return (value: Record<K, number>, ctx: z.core.$RefinementCtx) => {
    if (value[larger] < value[smaller]) {
      ctx.addIssue({
        code: 'custom',
        path: [larger],
        message: `must be at least ${smaller} (${formatDurationUs(value[smaller])})`,
      });
    }
  };
}

const simpleLatencyOptions = [
  strict({ dist: z.literal('constant'), value: duration('every message takes this long') }),
  strict({ dist: z.literal('uniform'), min: duration('shortest'), max: duration('longest') }).superRefine(
    atLeast('min', 'max'),
  ),
  strict({ dist: z.literal('normal'), mean: duration('mean'), stddev: duration('standard deviation') }),
  strict({ dist: z.literal('exponential'), mean: duration('mean') }),
  strict({
    dist: z.literal('lognormal'),
    median: duration('median', { positive: true }),
    p99: duration('99th percentile (at least the median)'),
  }).superRefine(atLeast('median', 'p99')),
] as const;

type LatencyObject = z.output<(typeof simpleLatencyOptions)[number]>;

function toLatencySpec(value: LatencyObject): LatencySpec {
  switch (value.dist) {
    case 'constant':
      return { dist: 'constant', valueUs: value.value };
    case 'uniform':
      return { dist: 'uniform', minUs: value.min, maxUs: value.max };
    case 'normal':
      return { dist: 'normal', meanUs: value.mean, stddevUs: value.stddev };
    case 'exponential':
      return { dist: 'exponential', meanUs: value.mean };
    case 'lognormal':
      return { dist: 'lognormal', medianUs: value.median, p99Us: value.p99 };
  }
}


const simpleLatency = z.union(
  [latencyShorthand(SIMPLE_LATENCY_EXPECTED), z.discriminatedUnion('dist', [...simpleLatencyOptions]).transform(toLatencySpec)],
  { error: SIMPLE_LATENCY_EXPECTED },
).meta({ id: 'simpleLatency', description: 'a latency that is not itself bimodal' });

const bimodalLatency = strict(
  {
    dist: z.literal('bimodal'),
    fast: simpleLatency,
    slow: simpleLatency,
    slowProbability: probability('share of messages taking the slow mode (default 1%)').optional(),
    slow_probability: probability('same as slowProbability').optional(),
  },
  'most messages take the fast latency, a few the slow one (neither may be bimodal)',
).superRefine((value, ctx) => {
  if (value.slowProbability !== undefined && value.slow_probability !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['slow_probability'], message: 'give slowProbability or slow_probability, not both' });
  }
});

export const DEFAULT_SLOW_PROBABILITY = 0.01;

export const latency = z
  .union(
    [
      latencyShorthand(LATENCY_EXPECTED),
      z
        .discriminatedUnion('dist', [...simpleLatencyOptions, bimodalLatency])
        .transform((value): LatencySpec =>
          value.dist === 'bimodal'
            ? {
                dist: 'bimodal',
                fast: value.fast,
                slow: value.slow,
                slowProbability: value.slowProbability ?? value.slow_probability ?? DEFAULT_SLOW_PROBABILITY,
              }
            : toLatencySpec(value),
        ),
    ],
    { error: LATENCY_EXPECTED },
  )
  .meta({ id: 'latency', description: 'one-way message latency: 2ms, 1ms..3ms, or {dist: ..., ...}' });

const linkFields = {
  latency: latency.optional().meta({ description: 'latency on this link (default: network.latency)' }),
  drop: probability('probability a message is lost').optional(),
  duplicate: probability('probability a message is delivered twice').optional(),
  reorder: probability('probability a message is held back by up to reorderDelay').optional(),
  reorderDelay: duration('the longest hold-back of a reordered message').optional(),
};

const link = strict(
  {
    from: z.string().min(1).meta({ description: 'sending node id, or * for any' }),
    to: z.string().min(1).meta({ description: 'receiving node id, or * for any' }),
    ...linkFields,
  },
  'settings for one directed link; unset fields come from network',
);

const network = strict(
  {
    latency: latency.prefault('1ms..3ms').meta({ description: 'one-way message latency (default: uniform 1ms..3ms)' }),
    drop: probability('probability a message is lost').prefault(0),
    duplicate: probability('probability a message is delivered twice').prefault(0),
    reorder: probability('probability a message is held back by up to reorderDelay').prefault(0),
    reorderDelay: duration('the longest hold-back of a reordered message').prefault('10ms'),
    fifo: z.boolean().meta({ description: 'deliver in send order on each directed link' }).prefault(false),
    links: z.array(link).meta({ description: 'per-link overrides (from -> to, * matches any node)' }).prefault([]),
    inFlight: z
      .enum(['drop', 'deliver'])
      .meta({ description: 'what a new partition or clog does to messages already in flight across it' })
      .prefault('drop'),
  },
  'the simulated network',
);

// ---------------------------------------------------------------- clocks, disk

const clocks = strict(
  {
    drift: ppm('each node drifts by a rate drawn uniformly in +-drift').prefault(0),
    offset: duration('each node starts with an offset drawn uniformly in +-offset').prefault(0),
    nodes: z
      .record(
        z.string(),
        strict({
          drift: ppm('this node drifts at exactly this rate', { signed: true }).optional(),
          offset: signedDuration('this node starts exactly this far off').optional(),
        }),
      )
      .meta({ description: 'exact settings for particular nodes' })
      .prefault({}),
  },
  'local clocks of nodes (servers and clients)',
);

const disk = strict(
  {
    loseUnsyncedWrites: z
      .boolean()
      .meta({ description: 'a crash discards disk writes not yet synced (or still syncing)' })
      .prefault(false),
    syncLatency: latency
      .nullish()
      .meta({ description: 'how long a sync takes (default: at once); messages held behind it leave when it completes' }),
  },
  'durable storage',
);

// ---------------------------------------------------------------- workload

const weight = z
  .union([z.number(), z.string()])
  .transform((value, ctx) => {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
    if (typeof value === 'string') {
      const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
      if (match) return Number(match[1]) / 100;
    }
    ctx.addIssue({ code: 'custom', message: `expected a weight like 50% or a number >= 0, got ${JSON.stringify(value)}` });
    return z.NEVER;
  })
  .meta({ description: 'relative weight: 50% or a number', pattern: String.raw`^\s*\d+(?:\.\d+)?\s*%\s*$`, minimum: 0 });

const workload = strict(
  {
    generator: z
      .string()
      .min(1)
      .meta({ description: "where ops come from: kv (the default: independent draws from mix) or a generator the protocol names (faultline list)" })
      .optional(),
    keys: integer('how many distinct keys operations touch', 1, KEYS_MAX).prefault(3),
    keyDistribution: z.enum(['uniform', 'zipfian']).meta({ description: 'how keys are picked' }).prefault('uniform'),
    zipfTheta: z.number().gt(0).max(10).meta({ description: 'skew of the zipfian distribution' }).prefault(0.99),
    mix: z
      .record(z.string(), weight)
      .meta({ description: "operation -> weight, normalized to sum 1 (default: the protocol's operations, equally)" })
      .optional(),
    rate: rate('open loop: arrivals per second across all clients (absent or null: closed loop)').nullish(),
    concurrency: integer('clients issuing ops (default: all clients; at most clients)', 1, CLIENTS_MAX).optional(),
    think: duration("closed loop: pause between an op's completion and the client's next op").prefault(0),
    timeout: duration('an op not completed within this ends as info (unknown)', { positive: true }).prefault('1s'),
    start: duration('first op at this time').prefault(0),
    stop: duration('no new ops after this time (default: duration)').optional(),
  },
  'the operations clients issue',
);

// ---------------------------------------------------------------- faults

const TARGET_EXPECTED =
  'expected a target (a node id, a role, or all, servers, clients, random) or a list of targets';

const target = z
  .string()
  .min(1)
  .meta({ description: 'a node id, a role (resolved when the fault fires), or all, servers, clients, random, rest' });

const targets = z.union([target, z.array(target).min(1)], { error: TARGET_EXPECTED });

const group = z.union([target, z.array(target).min(1)], { error: 'expected a group: a target or a list of targets' });

const partitionObject = strict({
  oneway: strict({ from: targets, to: targets }, 'cut messages from -> to; the reverse still flows').optional(),
  bridge: target.meta({ description: 'the node both sides still reach' }).optional(),
  sides: z
    .array(group)
    .length(2)
    .meta({ description: 'the two sides of a bridge (default: the other servers split in half)' })
    .optional(),
}).superRefine((value, ctx) => {
  if (value.oneway !== undefined && value.bridge !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['bridge'], message: 'give oneway or bridge, not both' });
  } else if (value.oneway === undefined && value.bridge === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected oneway: {from, to} or bridge: <node>' });
  } else if (value.sides !== undefined && value.bridge === undefined) {
    ctx.addIssue({ code: 'custom', path: ['sides'], message: 'sides only go with bridge' });
  }
});

const partition = z
  .union([z.array(group).min(2), partitionObject], {
    error: 'expected a list of groups like [[leader], rest], or {oneway: {from, to}}, or {bridge: <node>}',
  })
  .meta({ description: 'cut the network: groups, oneway or bridge' });

const messageFilter = strict(
  {
    from: targets.meta({ description: 'senders (resolved when the fault fires; default: any)' }).optional(),
    to: targets.meta({ description: 'receivers (resolved when the fault fires; default: any)' }).optional(),
    type: z.string().min(1).meta({ description: 'a message type the protocol declares (default: any)' }).optional(),
    where: z
      .record(z.string(), z.union([z.number(), z.string(), z.boolean()]))
      .meta({ description: 'message fields that must equal these values, e.g. {term: 3}' })
      .optional(),
  },
  'which messages: from, to, type, where (each optional)',
);

/** Fault actions that touch single messages (sim/message-faults.ts). */
export const MESSAGE_FAULT_ACTIONS = ['drop', 'delay', 'duplicate', 'reorder'] as const;

const captureName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, { error: 'expected a capture name: a letter, then letters, digits, _ or -' });

const capture = z
  .record(captureName, target.meta({ description: 'a target, or random-<role> for one holder picked from the seed' }))
  .refine((value) => Object.keys(value).length > 0, { error: 'expected at least one name: target' })
  .meta({ description: 'bind names to the nodes these targets resolve to now; later faults use the names' });
const linkFault = strict(
  {
    from: targets.meta({ description: 'senders (resolved when the fault fires; default: every node)' }).optional(),
    to: targets.meta({ description: 'receivers (resolved when the fault fires; default: every node)' }).optional(),
    ...linkFields,
  },
  'settings for the directed links from -> to, over the network settings, for the window',
).superRefine((value, ctx) => {
  if (!LINK_SETTINGS.some((field) => value[field] !== undefined)) {
    ctx.addIssue({ code: 'custom', message: `expected at least one of ${LINK_SETTINGS.join(', ')}` });
  }
});

/** The link settings a link fault may set. */
export const LINK_SETTINGS = ['latency', 'drop', 'duplicate', 'reorder', 'reorderDelay'] as const;

const connectEntry = z.union([z.array(target).min(1), strict({ from: targets, to: targets }, 'one direction only')], {
  error: 'expected a group of nodes like [n1, n2] (connected both ways) or {from, to} (one direction)',
});

const connect = z
  .array(connectEntry)
  .min(1)
  .meta({ description: 'keep exactly these server links (groups both ways, {from, to} one way); cut every other server-to-server link' });

const diskNode = (what: string) => targets.meta({ description: `the nodes whose disk ${what}` });

const loseSynced = strict(
  {
    node: diskNode('lies'),
    writes: integer('how many of the last durable writes are lost', 1, DISK_JOURNAL_MAX),
  },
  'crash the node, losing its unsynced writes and the last k writes a sync had made durable (an fsync that lied)',
);

const corrupt = strict(
  {
    node: diskNode('rots'),
    key: z.string().meta({ description: 'the key, or a key prefix: one durable key with it is picked from the seed (default: any key)' }).prefault(''),
  },
  'change one stored value on the platter; the node is not told, and sees it when it next reads (after a restart)',
);

/** An admin command: `{ add: n6 }` or `{ remove: leader }`, one server (a role resolves when it fires). */
const membershipChange = z
  .union([strict({ add: z.string().min(1) }), strict({ remove: z.string().min(1) })], {
    error: 'expected { add: <server> } or { remove: <server> }',
  })
  .meta({ description: "ask the protocol to add or remove one server (Raft: single-server membership changes)" });

/** Fault actions, in the order the docs list them. */
export const FAULT_ACTIONS = [
  'partition',
  'heal',
  'crash',
  'restart',
  'pause',
  'resume',
  'clock',
  'drift',
  'loss',
  'clog',
  'unclog',
  ...MESSAGE_FAULT_ACTIONS,
  'capture',
  'link',
  'connect',
  'wipe',
  'loseSynced',
  'corrupt',
  'membership',
] as const;
export type FaultActionKey = (typeof FAULT_ACTIONS)[number];

/** Actions a `for:` can undo (partition -> heal, crash -> restart, ...). */
export const UNDOABLE_ACTIONS: readonly FaultActionKey[] = [
  'partition', 'crash', 'pause', 'clog', 'loss', 'drift', ...MESSAGE_FAULT_ACTIONS, 'link', 'connect', 'wipe', 'loseSynced',
];

const fault = strict({
  at: duration('when the fault fires (true time since the start)'),
  for: z
    .union([z.literal('forever'), duration('undo it after this long', { positive: true })], {
      error: 'expected a duration (2s) or forever',
    })
    .meta({ description: 'undo it after this long; forever: never, not even by the settle phase' })
    .optional(),
  partition: partition.optional(),
  heal: z.union([z.literal('all'), z.literal(true)], { error: 'expected all or true' }).optional(),
  crash: targets.meta({ description: 'crash (volatile state lost; disk kept)' }).optional(),
  restart: targets.meta({ description: 'restart crashed nodes from their disk' }).optional(),
  pause: targets.meta({ description: 'stop-the-world pause; inbound messages queue' }).optional(),
  resume: targets.meta({ description: 'end a pause' }).optional(),
  clock: strict({ node: targets, step: signedDuration('jump the local clock by this (may be negative)') }).optional(),
  drift: strict({ node: targets, ppm: ppm('new drift rate', { signed: true }) }).optional(),
  loss: probability('network-wide drop probability from now on').optional(),
  clog: targets.meta({ description: 'hold all messages to and from these nodes' }).optional(),
  unclog: targets.meta({ description: 'end a clog' }).optional(),
  capture: capture.optional(),
  drop: messageFilter.meta({ description: 'drop the matching messages' }).optional(),
  delay: messageFilter.meta({ description: 'hold the matching messages back (by: or until:)' }).optional(),
  duplicate: messageFilter.meta({ description: 'deliver each matching message twice' }).optional(),
  reorder: messageFilter.meta({ description: 'hold each matching message back by a seeded 0..by, so they overtake each other' }).optional(),
  count: integer('message faults: only the next count matching messages', 1, 1_000_000).optional(),
  by: duration('delay: how much later; reorder: the longest hold-back', { positive: true }).optional(),
  until: duration('delay: hold the matching messages until this time (true time since the start)').optional(),
  link: linkFault.optional(),
  connect: connect.optional(),
  wipe: targets.meta({ description: 'crash the nodes and erase their disks: they restart empty' }).optional(),
  loseSynced: loseSynced.optional(),
  corrupt: corrupt.optional(),
  membership: membershipChange.optional(),
}).superRefine((value, ctx) => {
  const given = FAULT_ACTIONS.filter((key) => value[key] !== undefined);
  if (given.length === 0) {
    ctx.addIssue({ code: 'custom', message: `expected one action: ${FAULT_ACTIONS.join(', ')}` });
  } else if (given.length > 1) {
    ctx.addIssue({ code: 'custom', path: [given[1]!], message: `one action per entry, got ${given.join(' and ')}` });
  } else if (value.for !== undefined && !UNDOABLE_ACTIONS.includes(given[0]!)) {
    ctx.addIssue({
      code: 'custom',
      path: ['for'],
      message: `${given[0]} cannot be undone; for: goes with ${UNDOABLE_ACTIONS.join(', ')}`,
    });
  }
  if (given.length === 1) checkMessageFields(value, given[0]!, ctx);
});

/** count, by and until go with message faults only, and by/until with the effects that use them. */
function checkMessageFields(
  value: { count?: number; by?: number; until?: number },
  action: FaultActionKey,
  ctx: z.core.$RefinementCtx,
): void {
  const isMessage = (MESSAGE_FAULT_ACTIONS as readonly string[]).includes(action);
  const wants: Record<'count' | 'by' | 'until', boolean> = {
    count: isMessage,
    by: action === 'delay' || action === 'reorder',
    until: action === 'delay',
  };
  for (const field of ['count', 'by', 'until'] as const) {
    if (value[field] !== undefined && !wants[field]) {
      ctx.addIssue({ code: 'custom', path: [field], message: `${field} does not go with ${action}` });
    }
  }
  if (action === 'delay' && (value.by === undefined) === (value.until === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['delay'], message: 'expected by: <duration> or until: <time> (one of them)' });
  } else if (action === 'reorder' && value.by === undefined) {
    ctx.addIssue({ code: 'custom', path: ['reorder'], message: 'expected by: <duration> (the longest hold-back)' });
  }
}

export type FaultEntry = z.output<typeof fault>;

// ---------------------------------------------------------------- nemesis, checks, expect

export const NEMESIS_KINDS = [
  'partition', 'crash', 'pause', 'clock', 'loss', 'clog', 'membership',
  'client-pause', 'client-crash', 'client-clock', 'duplicate', 'reorder', 'latency', 'disk',
] as const;
/**
 * What `kinds` defaults to: the server faults of the first nemesis (existing draws keep).
 * Membership asks the protocol to change its membership, client faults and message bursts
 * change what clients see: each is drawn only where a scenario lists it.
 */
const NEMESIS_DEFAULT_KINDS = ['partition', 'crash', 'pause', 'clock', 'loss', 'clog'] as const;

/** One kind's settings in the mapping form of `kinds`. */
const nemesisKindSettings = strict(
  {
    weight: z.number().positive().max(1_000_000).meta({ description: 'relative weight of this kind in each draw (default 1)' }).prefault(1),
    target: targets
      .meta({ description: 'whom it hits: candidates, one drawn per fault (a set such as servers, clients or a group: one member; a role: resolved when the fault fires; any: the leader 30% of the time, else a server)' })
      .optional(),
    forever: probability('chance that a drawn fault lasts forever (the settle phase leaves it)').prefault(0),
  },
  'settings of one nemesis kind',
);

/** `kinds`: a list (equal weights, default targets) or kind -> weight or settings. */
const nemesisKinds = z
  .union(
    [
      z.array(z.enum(NEMESIS_KINDS)).min(1),
      z
        .partialRecord(z.enum(NEMESIS_KINDS), z.union([z.number().positive().max(1_000_000), nemesisKindSettings]))
        .refine((value) => Object.keys(value).length > 0, { error: 'expected at least one kind' }),
    ],
    { error: `expected a list of kinds or a mapping kind -> weight or {weight, target, forever}; kinds: ${NEMESIS_KINDS.join(', ')}` },
  )
  .meta({ description: 'which faults it may inject: a list, or kind -> weight or {weight, target, forever}' })
  .prefault([...NEMESIS_DEFAULT_KINDS]);

export const nemesisObject = strict(
  {
    kinds: nemesisKinds,
    interval: duration('mean time between fault starts (exponential)', { positive: true }).prefault('2s'),
    duration: durationRange('how long each fault lasts', { positive: true }).prefault('1s..3s'),
    start: duration('first fault no earlier than this').prefault('1s'),
    stop: duration('no fault starts after this (default: duration - settle)').optional(),
    clockStep: duration('largest clock step (either direction)').prefault('500ms'),
    drift: ppm('largest drift it sets (either direction)').prefault('500ppm'),
    loss: probability('largest network-wide drop probability it sets').prefault('20%'),
    reorder: duration('reorder bursts: the longest a message is held back', { positive: true }).prefault('50ms'),
    latency: durationRange('latency spikes: the latency of the links a spike hits, uniform in this range', { positive: true }).prefault('100ms..500ms'),
    foreverMax: integer('most faults drawn to last forever', 0, 1_000).prefault(1),
  },
  'random faults',
);

export const CHECK_NAMES = ['linearizability', 'invariants'] as const;

/** A check on (its failure fails the run), off, or `report`: measured and shown only. */
const checkMode = (description: string) =>
  z
    .union([z.boolean(), z.string()])
    .transform((value, ctx): boolean | 'report' => {
      if (typeof value === 'boolean' || value === 'report') return value;
      ctx.addIssue({ code: 'custom', message: `expected true, false or report, got ${JSON.stringify(value)}` });
      return z.NEVER;
    })
    .meta({ description: `${description}: true, false, or report (measured and shown, not a verdict)` })
    .prefault(true);

export const SEARCH_STEPS_DEFAULT = 100_000_000;

const checks = z
  .union(
    [
      z.array(z.enum(CHECK_NAMES)),
      strict({
        linearizability: checkMode('check the client histories for linearizability'),
        invariants: checkMode("check the protocol's invariants"),
        model: z.string().min(1).meta({ description: "the model of the main history (default: the protocol's; faultline check --help lists them)" }).optional(),
        models: z
          .record(z.string().min(1), z.string().min(1))
          .meta({ description: 'history name -> model, for the further histories a protocol names (main included)' })
          .optional(),
        availabilityWindow: duration('width of the windows of availability over time (per client)', { positive: true }).prefault('500ms'),
        searchSteps: integer('budget of each linearizability search in steps; past it the verdict is unknown', 1, Number.MAX_SAFE_INTEGER).prefault(
          SEARCH_STEPS_DEFAULT,
        ),
        maxMemory: size('memory budget of each linearizability search, counted in entries so that it is the same on every machine; past it the verdict is unknown').prefault('2GiB'),
      }),
    ],
    { error: 'expected a list like [linearizability, invariants] or a mapping {linearizability, invariants, model, models, availabilityWindow, searchSteps, maxMemory}' },
  )
  .meta({ description: 'which checks run (default: both, verdicts, 100M search steps, 2GiB search memory)' });

/** A measure's bound: a number, a percentage (5% = 0.05) or a duration (microseconds). */
const bound = z
  .union([z.number(), z.string()])
  .transform((value, ctx) => {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string') {
      const percent = /^\s*(-?\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
      if (percent) return Number(percent[1]) / 100;
      const us = parseDurationUs(value);
      if (us !== null) return us;
    }
    ctx.addIssue({ code: 'custom', message: `expected a number, a percentage (5%) or a duration (200ms), got ${JSON.stringify(value)}` });
    return z.NEVER;
  })
  .meta({ description: 'a number, a percentage (5%) or a duration (200ms, compared in microseconds)' });

const measureBounds = strict(
  {
    min: bound.optional(),
    max: bound.optional(),
  },
  'bounds on a measure',
);

const expect = strict(
  {
    verdict: z.enum(['pass', 'violation', 'no-progress']).meta({ description: 'pass; violation (a safety check must fail; default when violation: is set); or no-progress (a liveness failure the scenario is meant to show)' }).optional(),
    violation: z
      .string()
      .min(1)
      .meta({ description: 'the check that must fail: linearizability or an invariant name (default: any)' })
      .nullish(),
    sometimes: z
      .array(z.string().min(1))
      .meta({ description: 'protocol events that must occur at least once' })
      .prefault([]),
    emptyCapture: z
      .enum(['vacuous', 'skipped'])
      .meta({ description: 'a capture that binds no node makes the run vacuous (exit 1, default) or skipped (exit 4)' })
      .prefault('vacuous'),
    measures: z
      .record(z.string().min(1), measureBounds)
      .meta({ description: 'measure name -> {min, max}: a measure outside its bounds is a violation (faultline list --measures)' })
      .optional(),
  },
  'what the run is expected to show',
);

const limits = strict(
  {
    events: integer('most events a run may process (deterministic)', 1, EVENTS_MAX).prefault(5_000_000),
    virtualTime: duration('most virtual time a run may simulate (deterministic)', { positive: true }).prefault('1h'),
    wallTime: duration('most wall-clock time a run may take; a run it stops cannot be replayed', { positive: true }).prefault('300s'),
  },
  'budgets that end a runaway run',
);

// ---------------------------------------------------------------- the file

const ids = (what: string, one: string, max: number, prefix: string) =>
  z.union([integer(`how many ${what} (${prefix}1..${prefix}N)`, 1, max), z.array(nodeId(`a ${one} id`)).min(1).max(max)], {
    error: `expected a number of ${what} (1..${max}) or a list of ids`,
  });

export const scenarioFileSchema = strict({
  $schema: z.string().meta({ description: 'JSON Schema location (ignored)' }).optional(),
  name: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\r\n]*$/, { message: 'expected a single line' })
    .meta({ description: 'scenario name (default: the file name without extension)' })
    .optional(),
  description: z.string().meta({ description: 'what the scenario shows' }).prefault(''),
  protocol: z.string().min(1).meta({ description: 'the protocol to run (faultline list)' }),
  config: z
    .record(z.string(), z.unknown())
    .meta({ description: "the protocol's config, checked by its own schema" })
    .nullish(),
  variant: z.string().min(1).meta({ description: 'a named bug switch of the protocol, or null' }).nullish(),
  nodes: ids('servers', 'server', NODES_MAX, 'n').optional(),
  spares: sparesField.optional(),
  services: servicesField.optional(),
  clients: ids('clients', 'client', CLIENTS_MAX, 'c').prefault(3),
  seed: integer('root seed of every random stream', 0, Number.MAX_SAFE_INTEGER).prefault(1),
  duration: duration('virtual time the run lasts', { positive: true }).prefault('10s'),
  network: section(network),
  clocks: section(clocks),
  disk: section(disk),
  workload: section(workload),
  faults: z.array(fault).meta({ description: 'the fault schedule: each entry has at:, one action, optional for:' }).nullish(),
  nemesis: z
    .union([z.boolean(), z.null(), nemesisObject], { error: 'expected true, false, null or a mapping of nemesis settings' })
    .meta({ description: 'random faults: true for the defaults, or settings' })
    .optional(),
  settle: duration('after the last fault: heal everything and require progress within this').prefault('3s'),
  drain: duration('after the run: no new ops; open ops may complete or time out, for at most this long (default 0)').prefault(0),
  checks: checks.optional(),
  expect: section(expect),
  limits: section(limits),
}).meta({
  title: 'Faultline scenario',
  description: 'A Faultline scenario file (YAML or JSON). Reference: docs/scenarios.md',
});

export type ScenarioFile = z.output<typeof scenarioFileSchema>;
