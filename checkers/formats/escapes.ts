// The backslash escapes EDN and JSON strings share (\n \t \r \b \f \" \\ \/ \uXXXX).

/** What an escape decodes to, and how many characters (after the backslash) it used. */
export interface DecodedEscape {
  readonly text: string;
  readonly length: number;
}

const SIMPLE: Readonly<Record<string, string>> = {
  n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/',
};

/**
 * Decode the escape whose backslash is at `backslashAt`. Returns null for an unknown
 * escape or a malformed \u (the reader says which, with its own wording and line).
 */
export function decodeEscape(text: string, backslashAt: number): DecodedEscape | null {
  const e = text[backslashAt + 1];
  if (e === undefined) return null;
  const simple = SIMPLE[e];
  if (simple !== undefined) return { text: simple, length: 1 };
  if (e !== 'u') return null;
  const hex = text.slice(backslashAt + 2, backslashAt + 6);
  return /^[0-9a-fA-F]{4}$/.test(hex) ? { text: String.fromCharCode(parseInt(hex, 16)), length: 5 } : null;
}
