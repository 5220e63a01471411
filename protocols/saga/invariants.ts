// The saga checks, read from the services' events and judged at quiescence (the end of
// the run, after the drain phase): semantic atomicity (every order COMPLETED with its
// stock and charge held, or CANCELLED with both given back; none left PENDING), no double
// charge, no orphan reservation, stock and money conserved, and every message left in a
// dead-letter queue accounted for. A service logs what a saga holds after each
// transaction (`held`) before the sync that makes it durable, so an event may describe a
// transaction a crash then lost; the saga's next transaction at that service states the
// truth again. The tallies therefore keep the last word (what the saga holds now, not a
// sum of changes), and a charge is a rise of the money held: a lost charge done again is
// one charge, a charge applied twice (on top of the first) is two.
import type { Invariant, InvariantCheck, ObservedEvent } from '../../checkers/invariants.js';

interface SagaTally {
  state: string;
  charges: number;
  money: number;
  stock: number;
}

/** The events the checks read; every other event is not given to them (Invariant.watches). */
const SERVICE_EVENTS = ['order', 'stock', 'money'] as const;

/** Per saga: the last order state, the stock and money it holds, and how often its money rose. */
class Tallies {
  readonly sagas = new Map<string, SagaTally>();
  fold(e: ObservedEvent): SagaTally | null {
    const name = e.name;
    if (e.kind !== 'log' || (name !== 'order' && name !== 'stock' && name !== 'money')) return null;
    const fields = e.fields;
    const saga = fields['saga'] as string;
    let t = this.sagas.get(saga);
    if (t === undefined) this.sagas.set(saga, (t = { state: 'NONE', charges: 0, money: 0, stock: 0 }));
    if (name === 'order') t.state = fields['state'] as string;
    else if (name === 'stock') t.stock = fields['held'] as number;
    else {
      const held = fields['held'] as number;
      if (held > t.money) t.charges += 1;
      t.money = held;
    }
    return t;
  }
}

function atEndCheck(judge: (saga: string, t: SagaTally) => string | null): () => InvariantCheck {
  return () => {
    const tallies = new Tallies();
    return {
      onEvent: (e) => (tallies.fold(e), null),
      atEnd: () => {
        for (const [saga, t] of tallies.sagas) {
          const problem = judge(saga, t);
          if (problem !== null) return problem;
        }
        return null;
      },
    };
  };
}

export const SAGA_INVARIANTS: readonly Invariant[] = [
  {
    name: 'semantic-atomicity',
    description: 'at quiescence every order is COMPLETED (stock reserved and money charged) or CANCELLED (both given back); none PENDING',
    watches: SERVICE_EVENTS,
    create: atEndCheck((saga, t) => {
      if (t.state === 'COMPLETED' && (t.stock <= 0 || t.money <= 0)) return `${saga} is COMPLETED but holds stock ${t.stock}, money ${t.money}`;
      if (t.state === 'PENDING') return `${saga} is left PENDING after the drain`;
      return null;
    }),
  },
  {
    name: 'no-double-charge',
    description: 'no saga is charged more than once',
    watches: ['money'],
    create: () => {
      const tallies = new Tallies();
      return {
        onEvent: (e) => {
          const t = tallies.fold(e);
          return t !== null && t.charges > 1 ? `${e.fields['saga'] as string} charged ${t.charges} times` : null;
        },
      };
    },
  },
  {
    name: 'no-orphan-reservation',
    description: 'at quiescence no saga that is not COMPLETED still holds stock or money (conserved: what is not sold is back)',
    watches: SERVICE_EVENTS,
    create: atEndCheck((saga, t) =>
      t.state !== 'COMPLETED' && (t.stock !== 0 || t.money !== 0) ? `${saga} is ${t.state} but still holds stock ${t.stock}, money ${t.money}` : null,
    ),
  },
  {
    name: 'dead-letters-accounted-for',
    description: 'at quiescence every message still in a dead-letter queue belongs to a saga that ended (another copy did its work); none holds work nobody did',
    watches: ['order', 'dead-lettered', 'redriven'],
    create: () => {
      const states = new Map<string, string>();
      const dead = new Map<string, { saga: string; count: number }>();
      return {
        onEvent: (e) => {
          if (e.kind !== 'log') return null;
          if (e.name === 'order') states.set(e.fields['saga'] as string, e.fields['state'] as string);
          if (e.name !== 'dead-lettered' && e.name !== 'redriven') return null;
          const id = e.fields['id'] as string;
          const entry = dead.get(id) ?? { saga: e.fields['saga'] as string, count: 0 };
          entry.count += e.name === 'dead-lettered' ? 1 : -1;
          dead.set(id, entry);
          return null;
        },
        atEnd: () => {
          for (const [id, { saga, count }] of dead) {
            const state = states.get(saga) ?? 'NONE';
            if (count > 0 && state !== 'COMPLETED' && state !== 'CANCELLED') return `dead letter ${id} is unaccounted for: its saga ${saga} is ${state}, so its work was never done`;
          }
          return null;
        },
      };
    },
  },
];
