// The trace's running hash: two 32-bit FNV-style lanes that every event of a run, and the
// details of most, are folded into (sim/trace.ts decides what is folded, in what order).
// Any change to what these fold moves every golden trace hash.

/** One step of lane a. */
function mixA(a: number, x: number): number {
  return Math.imul(a ^ x, 0x01000193);
}

/** One step of lane b. */
function mixB(b: number, x: number): number {
  return Math.imul(b ^ x, 0x5bd1e995) ^ (b >>> 15);
}

/** Two 32-bit FNV-style lanes: cheap, and wide enough that distinct runs do not collide in practice. */
export class TraceHash {
  private a = 0x811c9dc5 | 0;
  private b = 0x01000193 | 0;

  int(value: number): void {
    // Fold a safe integer as two 32-bit halves (an int32's high half is its sign).
    const lo = value | 0;
    const hi = lo === value ? (value < 0 ? -1 : 0) : Math.floor(value / 4294967296) | 0;
    this.a = mixA(mixA(this.a, lo), hi);
    this.b = mixB(mixB(this.b, lo), hi);
  }

  /**
   * The five integers of an event record, folded exactly as five `int()` calls would fold
   * them, with the lanes kept in locals and the high halves of the small ones known:
   * `code` is small and positive (high half 0); `label` is a code in [0, 2^32) given as
   * its int32 bits (high half 0: the value folded is the unsigned code, as int() would);
   * `node` and `peer` are int32 (high half -1 when negative, else 0). This runs once per
   * event, so it is written out.
   */
  event(code: number, timeUs: number, node: number, peer: number, label: number): void {
    const timeLo = timeUs | 0;
    const timeHi = Math.floor(timeUs / 4294967296) | 0;
    const nodeHi = node < 0 ? -1 : 0;
    const peerHi = peer < 0 ? -1 : 0;
    const labelLo = label | 0;
    let a = this.a;
    let b = this.b;
    a = mixA(mixA(a, code), 0);
    b = mixB(mixB(b, code), 0);
    a = mixA(mixA(a, timeLo), timeHi);
    b = mixB(mixB(b, timeLo), timeHi);
    a = mixA(mixA(a, node | 0), nodeHi);
    b = mixB(mixB(b, node | 0), nodeHi);
    a = mixA(mixA(a, peer | 0), peerHi);
    b = mixB(mixB(b, peer | 0), peerHi);
    this.a = mixA(mixA(a, labelLo), 0);
    this.b = mixB(mixB(b, labelLo), 0);
  }

  string(text: string): void {
    // int(length), then every char code; the lanes live in locals (this runs per field name).
    const length = text.length;
    let a = mixA(mixA(this.a, length), 0);
    let b = mixB(mixB(this.b, length), 0);
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    this.a = a;
    this.b = b;
  }

  /** JSON-like values (protocol log fields), to a bounded depth. */
  value(value: unknown, depth = 0): void {
    if (value === null || value === undefined) return this.int(-1);
    switch (typeof value) {
      case 'number':
        return Number.isInteger(value) ? this.int(value) : this.string(String(value));
      case 'string':
        return this.string(value);
      case 'boolean':
        return this.int(value ? -2 : -3);
      case 'object': {
        if (depth >= 3) return this.int(-4);
        if (Array.isArray(value)) {
          this.int(value.length);
          for (const item of value) this.value(item, depth + 1);
          return;
        }
        return this.fields(value as Record<string, unknown>, depth);
      }
      default:
        return this.int(-5);
    }
  }

  /** An object's fields, in order, each as field() folds it. */
  fields(object: Readonly<Record<string, unknown>>, depth = 0): void {
    for (const key in object) this.field(key, object[key], depth);
  }

  /**
   * One field of an object at `depth`: its name, then its value as value() folds it. An
   * int32 or a string (nearly every field of a log event) is folded here without a call to
   * value(): details are hashed for about a third of all events, and the calls cost more
   * than the hashing.
   */
  field(name: string, value: unknown, depth = 0): void {
    this.string(name);
    if (typeof value === 'string') this.string(value);
    else if (typeof value === 'number' && (value | 0) === value) this.int32(value);
    else this.value(value, depth + 1);
  }

  /** An int32, folded as int() folds it (its high half is its sign). */
  private int32(value: number): void {
    const hi = value < 0 ? -1 : 0;
    this.a = mixA(mixA(this.a, value), hi);
    this.b = mixB(mixB(this.b, value), hi);
  }

  /** Lane a's int32 bits: the first eight hex digits of hex(), as a number. */
  laneA(): number {
    return this.a;
  }

  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}
