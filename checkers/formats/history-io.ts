// Reading and writing histories: JSON (an array or JSON lines), Jepsen EDN and Jepsen
// console-log lines, detected from the content. Every malformed input raises a
// HistoryFormatError carrying the line (and the file when given).

import { HistoryFormatError } from '../errors.js';
import type { HistoryOp, OpType } from '../history.js';
import { isClientOp } from '../history.js';
import { formatValue } from '../values.js';
import { EdnReader, ednKeywordOrString, toEdn } from './edn.js';
import { readJsonElements, toJsonValue } from './json.js';

export type HistoryFormat = 'json' | 'jsonl' | 'edn' | 'jepsen-log';

export interface ParsedHistory {
  readonly format: HistoryFormat;
  readonly ops: HistoryOp[];
}

export interface ParseOptions {
  /** Named in errors. */
  readonly file?: string;
  /** Skip detection. */
  readonly format?: HistoryFormat;
}

const OP_TYPES: ReadonlySet<string> = new Set(['invoke', 'ok', 'fail', 'info']);

/** Optional name fields of an op: the client node, the answering server, the history. */
const NAME_FIELDS = ['client', 'server', 'history'] as const;
const NAME_EXAMPLES: Readonly<Record<(typeof NAME_FIELDS)[number], string>> = { client: 'c3', server: 'n1', history: 'main' };

/** Build a HistoryOp from a decoded map (JSON object or EDN map). */
export function opFromRecord(rec: unknown, index: number, line: number, file?: string): HistoryOp {
  if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
    throw new HistoryFormatError(`expected an op map like {:type :invoke, :f :read, :process 0, :value nil}, found ${formatValue(rec, 40)}`, line, file);
  }
  const r = rec as Record<string, unknown>;
  const type = r['type'];
  if (typeof type !== 'string' || !OP_TYPES.has(type)) {
    const found = type === undefined ? 'no :type' : formatValue(type, 30);
    throw new HistoryFormatError(`expected :type to be :invoke, :ok, :fail or :info, found ${found}`, line, file);
  }
  const process = r['process'];
  if (typeof process !== 'number' && typeof process !== 'string') {
    const found = process === undefined ? 'no :process' : formatValue(process, 30);
    throw new HistoryFormatError(`expected :process to be a number or a name like :nemesis, found ${found}`, line, file);
  }
  const f = r['f'];
  if (typeof f !== 'string' || f === '') {
    const found = f === undefined ? 'no :f' : formatValue(f, 30);
    throw new HistoryFormatError(`expected :f to be a name like :read, found ${found}`, line, file);
  }
  const op: { -readonly [K in keyof HistoryOp]: HistoryOp[K] } = {
    index,
    process,
    type: type as OpType,
    f,
    value: r['value'] === undefined ? null : r['value'],
  };
  const time = r['time'];
  if (time !== undefined && time !== null) {
    if (typeof time !== 'number') throw new HistoryFormatError(`expected :time to be a number, found ${formatValue(time, 30)}`, line, file);
    op.time = time;
  }
  if (r['key'] !== undefined) op.key = r['key'];
  const error = r['error'];
  if (error !== undefined && error !== null) op.error = typeof error === 'string' ? error : formatValue(error, 200);
  for (const field of NAME_FIELDS) {
    const name = r[field];
    if (name === undefined || name === null) continue;
    if (typeof name !== 'string' || name === '') {
      throw new HistoryFormatError(`expected :${field} to be a name like "${NAME_EXAMPLES[field]}", found ${formatValue(name, 30)}`, line, file);
    }
    op[field] = name;
  }
  op.line = line;
  return op;
}

/** Guess the format from the first meaningful characters. */
export function detectFormat(text: string): HistoryFormat | null {
  let i = 0;
  const n = text.length;
  const skip = (): void => {
    for (;;) {
      while (i < n && /[\s\uFEFF]/.test(text[i] as string)) i++;
      if (text[i] === ';') {
        while (i < n && text[i] !== '\n') i++;
        continue;
      }
      return;
    }
  };
  skip();
  if (i >= n) return null;
  const c = text[i];
  const sawComment = text.slice(0, i).includes(';');
  if (c === '[' || c === '{') {
    i++;
    skip();
    const d = text[i];
    if (c === '[') {
      if (d === ']') return sawComment ? 'edn' : 'json';
      if (d === '{') {
        i++;
        skip();
        const e = text[i];
        if (e === '"' || e === '}') return sawComment ? 'edn' : 'json';
        return 'edn';
      }
      return 'edn';
    }
    if (d === '"' && !sawComment) return 'jsonl';
    return 'edn';
  }
  if (c === '(' || c === '#') return 'edn';
  if (JEPSEN_LINE.test(text) || /^\S+\s+:(invoke|ok|fail|info)\s/m.test(text)) return 'jepsen-log';
  return null;
}

/** Parse a history, detecting the format from the content. */
export function parseHistory(text: string, opts: ParseOptions = {}): ParsedHistory {
  const format = opts.format ?? detectFormat(text);
  if (format === null) {
    const trimmed = text.replace(/^[\s\uFEFF]+/, '');
    if (trimmed === '') throw new HistoryFormatError('expected a history (JSON, EDN or Jepsen log lines), found an empty input', 1, opts.file);
    const line = text.slice(0, text.length - trimmed.length).split('\n').length;
    throw new HistoryFormatError('expected a history: a JSON array, JSON lines, EDN op maps or Jepsen log lines', line, opts.file);
  }
  switch (format) {
    case 'json':
    case 'jsonl':
      return { format, ops: parseJsonHistory(text, opts.file) };
    case 'edn':
      return { format, ops: parseEdnHistory(text, opts.file) };
    case 'jepsen-log':
      return { format, ops: parseJepsenLog(text, opts.file) };
  }
}

/** A JSON array of op objects, or JSON lines (one object per line). */
export function parseJsonHistory(text: string, file?: string): HistoryOp[] {
  const elems = readJsonElements(text, file);
  return elems.map((e, i) => opFromRecord(e.value, i, e.line, file));
}

/** EDN: one top-level vector or list of op maps, or op maps one after another. */
export function parseEdnHistory(text: string, file?: string): HistoryOp[] {
  const r = new EdnReader(text, file);
  const ops: HistoryOp[] = [];
  const openLine = (r.skipSpace(), r.line);
  const closer = r.tryOpenSequence();
  if (closer !== null) {
    for (;;) {
      if (r.tryClose(closer)) break;
      if (r.atEnd()) r.fail(`expected '${closer}' to close the history opened on line ${openLine}`);
      const line = r.line;
      ops.push(opFromRecord(r.readForm(), ops.length, line, file));
    }
    if (!r.atEnd()) r.fail('expected the end of the input after the history vector');
    return ops;
  }
  while (!r.atEnd()) {
    const line = r.line;
    ops.push(opFromRecord(r.readForm(), ops.length, line, file));
  }
  return ops;
}

// `INFO  jepsen.util - 3\t:invoke\t:read\tnil` (older Jepsen), or `... jepsen.util: 3 ...`.
const JEPSEN_LINE = /jepsen\.util\s*[-:]?\s+(:?[\w.\-]+)\s+:(invoke|ok|fail|info)\s+(:?\S+)(?:[ \t]+(.*?))?\s*$/m;
const JEPSEN_LINE_ONE = new RegExp(JEPSEN_LINE.source);

/** Jepsen console-log history lines; every other line is skipped. */
export function parseJepsenLog(text: string, file?: string): HistoryOp[] {
  const lines = text.split('\n');
  const ops: HistoryOp[] = [];
  for (let i = 0; i < lines.length; i++) {
    const lineText = lines[i] as string;
    const m = JEPSEN_LINE_ONE.exec(lineText);
    if (!m) continue;
    const lineNo = i + 1;
    const procTok = m[1] as string;
    const type = m[2] as OpType;
    const fTok = m[3] as string;
    const rest = m[4] ?? '';
    let process: number | string;
    if (/^-?\d+$/.test(procTok)) process = Number(procTok);
    else process = procTok.startsWith(':') ? procTok.slice(1) : procTok;
    const f = fTok.startsWith(':') ? fTok.slice(1) : fTok;
    const client = typeof process === 'number';
    let value: unknown = null;
    let error: string | undefined;
    if (rest.trim() !== '') {
      const r = new EdnReader(rest, file, lineNo);
      try {
        value = r.readForm();
        const tail = r.rest().trim();
        if (tail !== '') error = tail;
      } catch (e) {
        if (client || !(e instanceof HistoryFormatError)) {
          if (e instanceof HistoryFormatError) {
            throw new HistoryFormatError(`expected a value like nil, 3 or [1 4] after :${f}: ${e.expected}`, lineNo, file);
          }
          throw e;
        }
        value = rest.trim();
      }
    }
    const op: { -readonly [K in keyof HistoryOp]: HistoryOp[K] } = { index: ops.length, process, type, f, value, line: lineNo };
    if (error !== undefined) op.error = error;
    ops.push(op);
  }
  if (ops.length === 0) {
    throw new HistoryFormatError('expected Jepsen history lines like "INFO  jepsen.util - 3\t:invoke\t:read\tnil", found none', 1, file);
  }
  return ops;
}

// ---------------------------------------------------------------------------------------
// Keys: Jepsen independent tuples (`:value [k v]`) or a `:key` field, normalised to
// key + value.

/** True when some client op carries a `key` field. */
export function hasKeyField(ops: readonly HistoryOp[]): boolean {
  for (const op of ops) if (isClientOp(op) && op.key !== undefined && op.key !== null) return true;
  return false;
}

/**
 * True when the client ops look like Jepsen independent tuples: no `key` fields, every
 * value (invocations and completions) is a pair [k v], and, when every op is a cas,
 * every v is itself a pair (so a plain cas register's [old new] is not taken for a key).
 */
export function looksLikeIndependentTuples(ops: readonly HistoryOp[]): boolean {
  let clients = 0;
  let allCas = true;
  let casInner = true;
  for (const op of ops) {
    if (!isClientOp(op)) continue;
    if (op.key !== undefined && op.key !== null) return false;
    const v = op.value;
    if (!Array.isArray(v) || v.length !== 2) {
      // An :info completion may carry an error value instead (":timed-out").
      if (op.type === 'info') continue;
      return false;
    }
    clients++;
    if (op.f !== 'cas') allCas = false;
    else if (!Array.isArray(v[1]) || v[1].length !== 2) casInner = false;
  }
  if (clients === 0) return false;
  return !allCas || casInner;
}

/** Split independent tuples [k v] into key k and value v (ops without a pair stay). */
export function splitIndependentTuples(ops: readonly HistoryOp[]): HistoryOp[] {
  return ops.map((op) => {
    if (!isClientOp(op) || !Array.isArray(op.value) || op.value.length !== 2) return op;
    return { ...op, key: op.value[0], value: op.value[1] };
  });
}

/** Normalise keys: tuples become key + value when the history looks like tuples. */
export function normalizeKeys(ops: readonly HistoryOp[]): HistoryOp[] {
  if (looksLikeIndependentTuples(ops)) return splitIndependentTuples(ops);
  return ops.slice();
}

/** True when the history is multi-key (a key field, or independent tuples). */
export function isMultiKey(ops: readonly HistoryOp[]): boolean {
  return hasKeyField(ops) || looksLikeIndependentTuples(ops);
}

// ---------------------------------------------------------------------------------------
// Writers

function processText(p: number | string): string {
  return typeof p === 'number' ? String(p) : ednKeywordOrString(p);
}

/**
 * A transaction's micro-ops with their functions as keywords, as Jepsen's list-append and
 * rw-register tests write them: `[[:append :x 3] [:r :y nil]]` (read back, a keyword and a
 * string give the same name).
 */
function txnToEdn(value: unknown): string {
  if (!Array.isArray(value)) return toEdn(value);
  return '[' + value.map((micro) => {
    if (!Array.isArray(micro) || typeof micro[0] !== 'string') return toEdn(micro);
    return '[' + [ednKeywordOrString(micro[0]), ...micro.slice(1).map(toEdn)].join(' ') + ']';
  }).join(' ') + ']';
}

export interface EdnWriteOptions {
  /** 'field' writes `:key k` (default); 'tuple' writes Jepsen independent `:value [k v]`. */
  readonly keyStyle?: 'field' | 'tuple';
}

/** Jepsen EDN: a vector of op maps, one per line. */
export function historyToEdn(ops: readonly HistoryOp[], opts: EdnWriteOptions = {}): string {
  const tuple = opts.keyStyle === 'tuple';
  const lines = ops.map((op, i) => {
    let value = op.value;
    let s = `{:index ${op.index}, :type :${op.type}, :process ${processText(op.process)}, :f ${ednKeywordOrString(op.f)}`;
    if (op.key !== undefined) {
      if (tuple) value = [op.key, op.value];
      else s += `, :key ${toEdn(op.key)}`;
    }
    s += `, :value ${op.f === 'txn' ? txnToEdn(value) : toEdn(value)}`;
    if (op.time !== undefined) s += `, :time ${toEdn(op.time)}`;
    if (op.error !== undefined) s += `, :error ${toEdn(op.error)}`;
    for (const field of NAME_FIELDS) if (op[field] !== undefined) s += `, :${field} ${toEdn(op[field])}`;
    s += '}';
    return (i === 0 ? '[' : ' ') + s;
  });
  if (lines.length === 0) return '[]\n';
  return lines.join('\n') + ']\n';
}

function opToJson(op: HistoryOp): string {
  let s = `{"index":${op.index},"type":${JSON.stringify(op.type)},"process":${toJsonValue(op.process)},"f":${JSON.stringify(op.f)}`;
  if (op.key !== undefined) s += `,"key":${toJsonValue(op.key)}`;
  s += `,"value":${toJsonValue(op.value)}`;
  if (op.time !== undefined) s += `,"time":${toJsonValue(op.time)}`;
  if (op.error !== undefined) s += `,"error":${JSON.stringify(op.error)}`;
  for (const field of NAME_FIELDS) if (op[field] !== undefined) s += `,"${field}":${JSON.stringify(op[field])}`;
  return s + '}';
}

/** A JSON array, one op per line. */
export function historyToJson(ops: readonly HistoryOp[]): string {
  if (ops.length === 0) return '[]\n';
  return '[\n' + ops.map((op) => '  ' + opToJson(op)).join(',\n') + '\n]\n';
}

/** JSON lines: one op object per line. */
export function historyToJsonLines(ops: readonly HistoryOp[]): string {
  return ops.map((op) => opToJson(op) + '\n').join('');
}
