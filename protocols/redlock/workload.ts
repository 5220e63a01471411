// The client program: acquire the lock, increment the protected counter (a read-modify-
// write), read it, release, again. Lock ops go to the `lock` history (model `lock`: acquire
// returns {token}, release takes it); the resource's ops to `main` (model `counter`, where
// a lost update shows: an increment that took effect and is missing from a later read).
// An acquire that did not end ok is asked again; a failed step moves on to the release.
import type { OpGenerator, WorkloadClient, WorkloadOp } from '../../sim/types.js';

export const LOCK_HISTORY = 'lock';

interface ProgramState {
  step: number;
  token: number | null;
}

const STEPS = ['acquire', 'add', 'read', 'release'] as const;

export function lockProgram(): OpGenerator {
  const states = new Map<string, ProgramState>();
  const stateOf = (client: WorkloadClient): ProgramState => {
    let state = states.get(client.id);
    if (state === undefined) states.set(client.id, (state = { step: 0, token: null }));
    return state;
  };
  return {
    next(client): WorkloadOp {
      const state = stateOf(client);
      switch (STEPS[state.step]) {
        case 'acquire':
          return { f: 'acquire', key: null, value: null, history: LOCK_HISTORY };
        case 'add':
          return { f: 'add', key: null, value: 1 };
        case 'read':
          return { f: 'read', key: null, value: null };
        default:
          return { f: 'release', key: null, value: { token: state.token }, history: LOCK_HISTORY };
      }
    },
    completed(client, op, outcome): void {
      const state = stateOf(client);
      if (op.f === 'acquire') {
        if (outcome.type !== 'ok') return;
        state.token = (outcome.value as { token: number }).token;
        state.step = 1;
      } else if (op.f === 'release') {
        state.step = 0;
      } else {
        state.step = outcome.type === 'ok' ? state.step + 1 : STEPS.indexOf('release');
      }
    },
  };
}
