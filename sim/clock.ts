// A node's local clock: true time scaled by its drift, plus an offset, with steps.
// Kept as a line anchored at the last change: local(t) = baseLocal + floor((t - baseTrue) * rate).
import type { Micros } from './types.js';

export class NodeClock {
  private baseTrueUs: Micros = 0;
  private baseLocalUs: Micros;
  private rate: number;
  private driftPpmValue: number;

  constructor(offsetUs: Micros, driftPpm: number) {
    this.baseLocalUs = offsetUs;
    this.driftPpmValue = driftPpm;
    this.rate = 1 + driftPpm / 1_000_000;
    if (!(this.rate > 0)) throw new Error(`clock drift ${driftPpm}ppm would stop or reverse time`);
  }

  get driftPpm(): number {
    return this.driftPpmValue;
  }

  localAt(trueUs: Micros): Micros {
    return this.baseLocalUs + Math.floor((trueUs - this.baseTrueUs) * this.rate);
  }

  /** The earliest true time, not before `notBeforeUs`, at which the local clock reads `localUs`. */
  trueAt(localUs: Micros, notBeforeUs: Micros): Micros {
    const delta = localUs - this.baseLocalUs;
    let trueUs = this.baseTrueUs + Math.ceil(delta / this.rate);
    // Guard against floating rounding: the local clock must really have reached localUs.
    while (this.localAt(trueUs) < localUs) trueUs++;
    return trueUs < notBeforeUs ? notBeforeUs : trueUs;
  }

  /** Jump the local clock by stepUs (negative: backwards) at true time nowUs. */
  step(nowUs: Micros, stepUs: Micros): void {
    this.baseLocalUs = this.localAt(nowUs) + stepUs;
    this.baseTrueUs = nowUs;
  }

  setDrift(nowUs: Micros, driftPpm: number): void {
    const rate = 1 + driftPpm / 1_000_000;
    if (!(rate > 0)) throw new Error(`clock drift ${driftPpm}ppm would stop or reverse time`);
    this.baseLocalUs = this.localAt(nowUs);
    this.baseTrueUs = nowUs;
    this.rate = rate;
    this.driftPpmValue = driftPpm;
  }
}
