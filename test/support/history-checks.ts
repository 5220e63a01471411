// Structural checks of a recorded history (Jepsen's rules), shared by the workload and
// determinism tests. Returns the problems found, so a property test can print them.
import type { HistoryOp } from '../../checkers/history.js';

export function historyProblems(history: readonly HistoryOp[], clientCount: number): string[] {
  const problems: string[] = [];
  const open = new Map<number | string, HistoryOp>();
  const retired = new Set<number | string>();
  let lastTime = -Infinity;
  history.forEach((op, i) => {
    const at = `op ${i} (${op.type} ${op.f} p${String(op.process)})`;
    if (op.index !== i) problems.push(`${at}: index ${op.index}`);
    if (typeof op.time !== 'number') problems.push(`${at}: no time`);
    else {
      if (op.time < lastTime) problems.push(`${at}: time ${op.time} before ${lastTime}`);
      lastTime = op.time;
    }
    if (typeof op.process !== 'number' || !Number.isInteger(op.process) || op.process < 0) {
      problems.push(`${at}: process is not a client process`);
      return;
    }
    const pending = open.get(op.process);
    if (op.type === 'invoke') {
      if (pending !== undefined) problems.push(`${at}: process already has op ${pending.index} open`);
      if (retired.has(op.process)) problems.push(`${at}: process crashed (info) before and must not invoke again`);
      // A client's processes are congruent modulo the client count: one op per client at a time.
      for (const other of open.values()) {
        if ((other.process as number) % clientCount === op.process % clientCount) {
          problems.push(`${at}: its client still has op ${other.index} open (p${String(other.process)})`);
        }
      }
      open.set(op.process, op);
      return;
    }
    if (pending === undefined) {
      problems.push(`${at}: completes nothing`);
      return;
    }
    if (pending.f !== op.f || pending.key !== op.key) problems.push(`${at}: completes ${pending.f} ${String(pending.key)}`);
    open.delete(op.process);
    if (op.type === 'info') retired.add(op.process);
  });
  for (const op of open.values()) problems.push(`op ${op.index}: never completed`);
  return problems;
}
