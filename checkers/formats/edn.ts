// A small EDN reader and writer, enough for the histories Jepsen and Knossos write:
// maps, vectors, lists, sets, keywords, symbols, strings with escapes, integers, floats,
// ratios, characters, nil/true/false, `;` comments, `#_` discard, and tagged elements
// (`#inst "..."`, `#jepsen.history.Op{...}`: the tag is dropped, the form kept).
//
// Reading maps EDN onto plain values: keywords and symbols become strings (":read" ->
// "read"), vectors, lists and sets become arrays, maps become objects whose keys are
// the keys' string forms.

import { HistoryFormatError } from '../errors.js';
import { decodeEscape } from './escapes.js';
import { canonicalKey, isKeywordName } from '../values.js';

/** A top-level form and the line it starts on. */
export interface EdnForm {
  readonly value: unknown;
  readonly line: number;
}

const EOF_MARK: unique symbol = Symbol('eof');

function isWhitespace(c: number): boolean {
  // space, tab, newline, return, comma, form feed, vertical tab
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 44 || c === 12 || c === 11;
}

function isDelimiter(c: number): boolean {
  return (
    isWhitespace(c) ||
    c === 40 || c === 41 || // ( )
    c === 91 || c === 93 || // [ ]
    c === 123 || c === 125 || // { }
    c === 34 || c === 59 // " ;
  );
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const NAMES: Record<string, string> = { '(': 'list', '[': 'vector', '{': 'map', '#{': 'set' };

const INT_RE = /^[+-]?\d+N?$/;
const FLOAT_RE = /^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?M?$/;
const RATIO_RE = /^([+-]?\d+)\/(\d+)$/;

const CHAR_NAMES: Record<string, string> = {
  newline: '\n',
  space: ' ',
  tab: '\t',
  return: '\r',
  backspace: '\b',
  formfeed: '\f',
};

/** Reads EDN forms one by one from a text, tracking line numbers. */
export class EdnReader {
  private pos = 0;
  private lineNo: number;
  private readonly text: string;
  private readonly file: string | undefined;

  constructor(text: string, file?: string, firstLine = 1) {
    this.text = text;
    this.file = file;
    this.lineNo = firstLine;
  }

  get line(): number {
    return this.lineNo;
  }

  get position(): number {
    return this.pos;
  }

  fail(expected: string, line = this.lineNo): never {
    throw new HistoryFormatError(expected, line, this.file);
  }

  /** Skip whitespace, commas and comments; return the next char code or -1 at the end. */
  skipSpace(): number {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 10) {
        this.lineNo++;
        this.pos++;
      } else if (isWhitespace(c) || c === 0xfeff) {
        this.pos++;
      } else if (c === 59) {
        // ; comment to the end of the line
        while (this.pos < t.length && t.charCodeAt(this.pos) !== 10) this.pos++;
      } else if (c === 35 && t.charCodeAt(this.pos + 1) === 95) {
        // #_ discard the next form
        this.pos += 2;
        const v = this.readFormOrEof();
        if (v === EOF_MARK) this.fail('expected a form after #_');
      } else {
        return c;
      }
    }
    return -1;
  }

  /** True when only whitespace and comments remain. */
  atEnd(): boolean {
    return this.skipSpace() === -1;
  }

  /** Read one form; throws at the end of the input. */
  readForm(): unknown {
    const v = this.readFormOrEof();
    if (v === EOF_MARK) this.fail('expected an EDN form, found the end of the input');
    return v;
  }

  /** If the next form opens a vector or list, consume the opener and return its closer. */
  tryOpenSequence(): string | null {
    const c = this.skipSpace();
    if (c === 91 || c === 40) {
      const ch = this.text[this.pos] as string;
      this.pos++;
      return CLOSERS[ch] as string;
    }
    return null;
  }

  /** Consume `closer` if it is next; false otherwise. */
  tryClose(closer: string): boolean {
    const c = this.skipSpace();
    if (c !== -1 && this.text[this.pos] === closer) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** The rest of the input after the current position (no parsing). */
  rest(): string {
    return this.text.slice(this.pos);
  }

  private readFormOrEof(): unknown {
    const c = this.skipSpace();
    if (c === -1) return EOF_MARK;
    const t = this.text;
    const ch = t[this.pos] as string;
    switch (ch) {
      case '[':
      case '(':
      case '{': {
        const line = this.lineNo;
        this.pos++;
        const items = this.readUntil(CLOSERS[ch] as string, NAMES[ch] as string, line);
        return ch === '{' ? this.toMap(items, line) : items;
      }
      case ']':
      case ')':
      case '}':
        this.fail(`unexpected '${ch}'`);
        break;
      case '"':
        return this.readString();
      case '#':
        return this.readDispatch();
      case '\\':
        return this.readChar();
      default:
        break;
    }
    return this.readAtom();
  }

  private readUntil(closer: string, name: string, openLine: number): unknown[] {
    const items: unknown[] = [];
    for (;;) {
      const c = this.skipSpace();
      if (c === -1) this.fail(`expected '${closer}' to close the ${name} opened on line ${openLine}`);
      if (this.text[this.pos] === closer) {
        this.pos++;
        return items;
      }
      items.push(this.readForm());
    }
  }

  private toMap(items: unknown[], line: number): Record<string, unknown> {
    if (items.length % 2 !== 0) this.fail(`expected an even number of forms in the map opened on line ${line}`, line);
    const o: Record<string, unknown> = {};
    for (let i = 0; i < items.length; i += 2) {
      const k = items[i];
      const key = typeof k === 'string' ? k : typeof k === 'number' ? String(k) : canonicalKey(k);
      Object.defineProperty(o, key, { value: items[i + 1], enumerable: true, writable: true, configurable: true });
    }
    return o;
  }

  private readString(): string {
    const t = this.text;
    const startLine = this.lineNo;
    this.pos++; // opening quote
    let out = '';
    let chunk = this.pos;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 34) {
        out += t.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c === 10) this.lineNo++;
      if (c === 92) {
        out += t.slice(chunk, this.pos);
        const decoded = decodeEscape(t, this.pos);
        if (decoded === null) {
          const e = t[this.pos + 1];
          if (e === undefined) this.fail(`unterminated string starting on line ${startLine}`, startLine);
          if (e === 'u') this.fail('expected four hex digits after \\u in a string');
          this.fail(`unknown escape \\${e} in a string`);
        }
        out += decoded.text;
        this.pos += 1 + decoded.length;
        chunk = this.pos;
        continue;
      }
      this.pos++;
    }
    return this.fail(`unterminated string starting on line ${startLine}`, startLine);
  }

  private readDispatch(): unknown {
    const t = this.text;
    const next = t[this.pos + 1];
    if (next === '{') {
      const line = this.lineNo;
      this.pos += 2;
      return this.readUntil('}', 'set', line);
    }
    if (next === '#') {
      this.pos += 2;
      const tok = this.readToken();
      if (tok === 'Inf') return Infinity;
      if (tok === '-Inf') return -Infinity;
      if (tok === 'NaN') return NaN;
      this.fail(`unknown symbolic value ##${tok}`);
    }
    if (next === undefined || isDelimiter(next.charCodeAt(0))) this.fail("expected a tag or '{' after '#'");
    // A tagged element: #tag form. Keep the form.
    this.pos++;
    const tag = this.readToken();
    if (tag === '') this.fail("expected a tag after '#'");
    // A record literal #my.Record{...} has no space before the map.
    return this.readForm();
  }

  private readChar(): string {
    this.pos++;
    const t = this.text;
    // A single character, possibly a delimiter: \( \space \newline \u0041
    const start = this.pos;
    if (start >= t.length) this.fail('expected a character after \\');
    this.pos++;
    while (this.pos < t.length && !isDelimiter(t.charCodeAt(this.pos))) this.pos++;
    const name = t.slice(start, this.pos);
    if (name.length === 1) return name;
    const named = CHAR_NAMES[name];
    if (named !== undefined) return named;
    if (/^u[0-9a-fA-F]{4}$/.test(name)) return String.fromCharCode(parseInt(name.slice(1), 16));
    return this.fail(`unknown character literal \\${name}`);
  }

  private readToken(): string {
    const t = this.text;
    const start = this.pos;
    while (this.pos < t.length && !isDelimiter(t.charCodeAt(this.pos))) this.pos++;
    return t.slice(start, this.pos);
  }

  private readAtom(): unknown {
    const tok = this.readToken();
    if (tok === '') this.fail(`unexpected character '${this.text[this.pos]}'`);
    if (tok.charCodeAt(0) === 58) {
      // keyword
      const name = tok.startsWith('::') ? tok.slice(2) : tok.slice(1);
      if (name === '') this.fail("expected a keyword name after ':'");
      return name;
    }
    const c0 = tok.charCodeAt(0);
    const digitStart = (c0 >= 48 && c0 <= 57) || ((c0 === 43 || c0 === 45) && tok.length > 1 && tok.charCodeAt(1) >= 48 && tok.charCodeAt(1) <= 57);
    if (digitStart) {
      if (INT_RE.test(tok)) return Number(tok.endsWith('N') ? tok.slice(0, -1) : tok);
      if (FLOAT_RE.test(tok)) return Number(tok.endsWith('M') ? tok.slice(0, -1) : tok);
      const r = RATIO_RE.exec(tok);
      if (r) return Number(r[1]) / Number(r[2]);
      this.fail(`malformed number '${tok}'`);
    }
    if (tok === 'nil') return null;
    if (tok === 'true') return true;
    if (tok === 'false') return false;
    // a symbol: keep its name
    return tok;
  }
}

/** Read every top-level form of a text. */
export function readEdnForms(text: string, file?: string): EdnForm[] {
  const r = new EdnReader(text, file);
  const out: EdnForm[] = [];
  while (!r.atEnd()) {
    const line = r.line;
    out.push({ value: r.readForm(), line });
  }
  return out;
}

/** Parse a text holding exactly one EDN form. */
export function parseEdn(text: string, file?: string): unknown {
  const r = new EdnReader(text, file);
  const v = r.readForm();
  if (!r.atEnd()) r.fail('expected the end of the input after one EDN form');
  return v;
}

/** Write a value as EDN. Object keys that are keyword names become keywords. */
export function toEdn(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  switch (typeof v) {
    case 'number':
      if (Number.isNaN(v)) return '##NaN';
      if (v === Infinity) return '##Inf';
      if (v === -Infinity) return '##-Inf';
      return Object.is(v, -0) ? '0' : String(v);
    case 'string':
      return ednString(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(v)) return '[' + v.map(toEdn).join(' ') + ']';
      const o = v as Record<string, unknown>;
      return '{' + Object.keys(o).map((k) => (isKeywordName(k) ? ':' + k : ednString(k)) + ' ' + toEdn(o[k])).join(', ') + '}';
    }
    default:
      return ednString(String(v));
  }
}

/** A keyword when the name allows it, else a string (read back, both give the name). */
export function ednKeywordOrString(s: string): string {
  return isKeywordName(s) ? ':' + s : ednString(s);
}

function ednString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) out += '\\"';
    else if (c === 92) out += '\\\\';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c < 32 || (c >= 0xd800 && c <= 0xdfff)) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += s[i];
  }
  return out + '"';
}
