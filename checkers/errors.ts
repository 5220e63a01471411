// Bad input is an operating error, not a bug: one typed error that says where (file and
// line) and what was expected. The CLI prints `file:line: what was expected` and exits 2.

export class HistoryFormatError extends Error {
  /** 1-based line number in the input. */
  readonly line: number;
  /** The file, when known. */
  readonly file: string | undefined;
  /** What was expected, without the location. */
  readonly expected: string;

  constructor(expected: string, line: number, file?: string) {
    super(`${file ?? '<input>'}:${line}: ${expected}`);
    this.name = 'HistoryFormatError';
    this.line = line;
    this.file = file;
    this.expected = expected;
  }

  /** The same error, located in `file`. */
  inFile(file: string): HistoryFormatError {
    return this.file === file ? this : new HistoryFormatError(this.expected, this.line, file);
  }

  /** One line: `file:line: what was expected`. */
  oneLine(): string {
    return this.message;
  }
}
