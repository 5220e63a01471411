// The summary figures of a 2PC run, from the events nodes log: commits and aborts; how
// long participants were in doubt (yes vote -> outcome, transfers) and held locks (yes
// vote -> release, audits too); forced log writes per decided transaction (PREPARED,
// a participant's COMMITTED, the coordinator's commit decision, a refusal; in 3PC also
// a participant's PRECOMMITTED).
import { percentile } from '../../checkers/measures/op-stats.js';
import type { ProtocolStats } from '../../sim/protocol.js';
import type { NodeId } from '../../sim/types.js';

export class TwopcStats implements ProtocolStats {
  private commits = 0;
  private aborts = 0;
  private audits = 0;
  private forcedWrites = 0;
  /** node + tx -> when it voted yes, and whether read-only. */
  private readonly open = new Map<string, { readonly atUs: number; readonly readOnly: boolean }>();
  private readonly inDoubtUs: number[] = [];
  private readonly lockHoldUs: number[] = [];

  onEvent(node: NodeId, name: string, fields: Readonly<Record<string, unknown>>, timeUs: number): void {
    const key = `${node} ${String(fields['tx'])}`;
    switch (name) {
      case 'voted':
        if (fields['yes'] !== true) return;
        this.forcedWrites++;
        this.open.set(key, { atUs: timeUs, readOnly: fields['readOnly'] === true });
        return;
      case 'committed':
        this.forcedWrites++;
        return this.close(key, timeUs);
      case 'aborted':
      case 'released':
        return this.close(key, timeUs);
      case 'refused':
      case 'precommitted': // 3PC's third phase
        this.forcedWrites++;
        return;
      case 'decided':
        if (fields['readOnly'] === true) this.audits++;
        else if (fields['commit'] === true) (this.commits++, this.forcedWrites++);
        else this.aborts++;
        return;
      default:
        return;
    }
  }

  private close(key: string, timeUs: number): void {
    const open = this.open.get(key);
    if (open === undefined) return;
    this.open.delete(key);
    this.lockHoldUs.push(timeUs - open.atUs);
    if (!open.readOnly) this.inDoubtUs.push(timeUs - open.atUs);
  }

  result(endUs: number): Record<string, number> {
    // Still open at the end: counted up to the end, so a blocked participant is not hidden.
    for (const key of [...this.open.keys()]) this.close(key, endUs);
    const doubt = Float64Array.from(this.inDoubtUs).sort();
    const held = Float64Array.from(this.lockHoldUs).sort();
    const decided = this.commits + this.aborts + this.audits;
    return {
      commits: this.commits,
      aborts: this.aborts,
      audits: this.audits,
      inDoubtP50Us: percentile(doubt, 0.5) ?? 0,
      inDoubtP99Us: percentile(doubt, 0.99) ?? 0,
      inDoubtMaxUs: doubt.length === 0 ? 0 : doubt[doubt.length - 1]!,
      lockHoldP50Us: percentile(held, 0.5) ?? 0,
      lockHoldP99Us: percentile(held, 0.99) ?? 0,
      lockHoldMaxUs: held.length === 0 ? 0 : held[held.length - 1]!,
      forcedWritesPerTxn: decided === 0 ? 0 : Math.round((100 * this.forcedWrites) / decided) / 100,
    };
  }
}
