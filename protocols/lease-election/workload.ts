// What an instance does with its time: alternately increment the protected counter (a
// read-modify-write) and read it. Only the instance that believes it leads gets anywhere;
// the others' ops fail at once, having done nothing. The counter model (checkers/models)
// then catches a lost update: two leaders' increments where a later read shows one.
import type { OpGenerator, WorkloadOp } from '../../sim/types.js';

const ADD: WorkloadOp = { f: 'add', key: null, value: 1 };
const READ: WorkloadOp = { f: 'read', key: null, value: null };

export function workProgram(): OpGenerator {
  const nextIsRead = new Map<string, boolean>();
  return {
    next(client): WorkloadOp {
      const read = nextIsRead.get(client.id) ?? false;
      nextIsRead.set(client.id, !read);
      return read ? READ : ADD;
    },
  };
}
