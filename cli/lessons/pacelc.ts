// A system's PACELC class, derived from measurements by a stated rule (docs/teaching.md):
// - PA if clients on the minority side completed operations during the partition; PC if
//   they did not and the history stayed linearizable; P? if neither (they got nothing and
//   still saw inconsistency, or nothing was measured).
// - EL if, with no faults, reads returned stale data or completed (median) in less than
//   one round trip to a quorum; EC otherwise; E? when no read completed.
export interface PacelcInputs {
  /** Availability of the cut-off clients during the partition (partition-window.ts). */
  readonly cutOffAvailability: number | null;
  /** The partitioned run's history: linearizable (true), not (false), unknown (null). */
  readonly linearizableUnderPartition: boolean | null;
  /** Fault-free run: stale reads / ok reads. */
  readonly staleReadFraction: number | null;
  /** Fault-free run: median latency of ok reads. */
  readonly readP50Us: number | null;
  /** One round trip to a quorum, as the lesson states it for its network. */
  readonly roundTripUs: number;
}

export function pacelcClass(i: PacelcInputs): string {
  let p = 'P?';
  if (i.cutOffAvailability !== null && i.cutOffAvailability > 0) p = 'PA';
  else if (i.cutOffAvailability === 0 && i.linearizableUnderPartition === true) p = 'PC';
  let e = 'E?';
  if (i.staleReadFraction !== null && i.staleReadFraction > 0) e = 'EL';
  else if (i.readP50Us !== null) e = i.readP50Us < i.roundTripUs ? 'EL' : 'EC';
  return `${p}/${e}`;
}
