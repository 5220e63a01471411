// A strict JSON reader that knows line numbers (JSON.parse does not say where each
// element starts), reading either one array of ops or objects one after another
// (JSON lines), and the JSON writer for histories.

import { HistoryFormatError } from '../errors.js';
import { decodeEscape } from './escapes.js';

/** A top-level element (an op record) and the line it starts on. */
export interface JsonElement {
  readonly value: unknown;
  readonly line: number;
}

export class JsonReader {
  private pos = 0;
  private lineNo = 1;
  private readonly text: string;
  private readonly file: string | undefined;

  constructor(text: string, file?: string) {
    this.text = text;
    this.file = file;
  }

  get line(): number {
    return this.lineNo;
  }

  fail(expected: string, line = this.lineNo): never {
    throw new HistoryFormatError(expected, line, this.file);
  }

  skipSpace(): number {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 10) {
        this.lineNo++;
        this.pos++;
      } else if (c === 32 || c === 9 || c === 13 || c === 0xfeff) {
        this.pos++;
      } else {
        return c;
      }
    }
    return -1;
  }

  peekChar(): string | undefined {
    this.skipSpace();
    return this.text[this.pos];
  }

  expectChar(ch: string, what: string): void {
    this.skipSpace();
    if (this.text[this.pos] !== ch) this.fail(`expected ${what}, found ${this.describeHere()}`);
    this.pos++;
  }

  private describeHere(): string {
    if (this.pos >= this.text.length) return 'the end of the input';
    const c = this.text[this.pos] as string;
    return `'${c}'`;
  }

  readValue(): unknown {
    const c = this.skipSpace();
    if (c === -1) this.fail('expected a JSON value, found the end of the input');
    const t = this.text;
    switch (c) {
      case 123: { // {
        const open = this.lineNo;
        this.pos++;
        const o: Record<string, unknown> = {};
        if (this.skipSpace() === 125) {
          this.pos++;
          return o;
        }
        for (;;) {
          if (this.skipSpace() !== 34) this.fail(`expected a string key in the object opened on line ${open}, found ${this.describeHere()}`);
          const k = this.readString();
          this.expectChar(':', "':' after an object key");
          const v = this.readValue();
          Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
          const n = this.skipSpace();
          if (n === 44) {
            this.pos++;
            continue;
          }
          if (n === 125) {
            this.pos++;
            return o;
          }
          this.fail(`expected ',' or '}' in the object opened on line ${open}, found ${this.describeHere()}`);
        }
      }
      case 91: { // [
        const open = this.lineNo;
        this.pos++;
        const a: unknown[] = [];
        if (this.skipSpace() === 93) {
          this.pos++;
          return a;
        }
        for (;;) {
          a.push(this.readValue());
          const n = this.skipSpace();
          if (n === 44) {
            this.pos++;
            continue;
          }
          if (n === 93) {
            this.pos++;
            return a;
          }
          this.fail(`expected ',' or ']' in the array opened on line ${open}, found ${this.describeHere()}`);
        }
      }
      case 34:
        return this.readString();
      default:
        break;
    }
    if (t.startsWith('true', this.pos)) return this.word(4, true);
    if (t.startsWith('false', this.pos)) return this.word(5, false);
    if (t.startsWith('null', this.pos)) return this.word(4, null);
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.pos;
    const r = m.exec(t);
    if (r && r[0].length > 0 && this.endsToken(this.pos + r[0].length)) {
      this.pos += r[0].length;
      return Number(r[0]);
    }
    return this.fail(`expected a JSON value, found ${this.describeHere()}`);
  }

  private endsToken(p: number): boolean {
    if (p >= this.text.length) return true;
    return /[\s,\]}:]/.test(this.text[p] as string);
  }

  private word(n: number, v: unknown): unknown {
    if (!this.endsToken(this.pos + n)) this.fail(`expected a JSON value, found ${this.describeHere()}`);
    this.pos += n;
    return v;
  }

  private readString(): string {
    const t = this.text;
    const startLine = this.lineNo;
    this.pos++;
    let out = '';
    let chunk = this.pos;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 34) {
        out += t.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c === 10) this.fail(`expected '"' to end the string started on line ${startLine}`, startLine);
      if (c < 32) this.fail('expected no control characters inside a string');
      if (c === 92) {
        out += t.slice(chunk, this.pos);
        const decoded = decodeEscape(t, this.pos);
        if (decoded === null) {
          const e = t[this.pos + 1];
          if (e === 'u') this.fail('expected four hex digits after \\u');
          this.fail(`expected a valid escape in a string, found \\${e ?? ''}`);
        }
        out += decoded.text;
        this.pos += 1 + decoded.length;
        chunk = this.pos;
        continue;
      }
      this.pos++;
    }
    return this.fail(`expected '"' to end the string started on line ${startLine}`, startLine);
  }
}

/**
 * The elements of a JSON history: the items of one top-level array, or the objects of a
 * JSON-lines text (objects one after another, usually one per line).
 */
export function readJsonElements(text: string, file?: string): JsonElement[] {
  const r = new JsonReader(text, file);
  const out: JsonElement[] = [];
  const c = r.skipSpace();
  if (c === 91) {
    const open = r.line;
    r.expectChar('[', "'['");
    if (r.peekChar() === ']') {
      r.expectChar(']', "']'");
    } else {
      for (;;) {
        r.skipSpace();
        const line = r.line;
        out.push({ value: r.readValue(), line });
        const n = r.peekChar();
        if (n === ',') {
          r.expectChar(',', "','");
          continue;
        }
        if (n === ']') {
          r.expectChar(']', "']'");
          break;
        }
        r.fail(`expected ',' or ']' in the array opened on line ${open}`);
      }
    }
    if (r.skipSpace() !== -1) r.fail('expected the end of the input after the JSON array');
    return out;
  }
  while (r.skipSpace() !== -1) {
    const line = r.line;
    out.push({ value: r.readValue(), line });
  }
  return out;
}

/** JSON.stringify for history values (undefined -> null). */
export function toJsonValue(v: unknown): string {
  return JSON.stringify(v === undefined ? null : v) ?? 'null';
}
