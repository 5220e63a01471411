// Text for a terminal: wrapped or cut at word boundaries (never mid-word), and durations
// and rates in the unit a person reads best.

/** Columns to fit: the terminal's width, or 100 when not a terminal. */
export function terminalWidth(stream: NodeJS.WriteStream = process.stdout): number {
  return Math.max(40, stream.isTTY && stream.columns ? stream.columns : 100);
}

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** `text` cut to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function cutAtWord(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const room = flat.slice(0, Math.max(1, max - 1));
  // The last word fits whole when the cut falls on a space; else end at the previous space.
  const space = flat[room.length] === ' ' ? room.length : room.lastIndexOf(' ');
  return `${(space > max / 3 ? room.slice(0, space) : room).replace(/[\s,;:.]+$/, '')}…`;
}

/** 1500 -> `1.5ms`, 2500000 -> `2.50s`, 90e6 -> `1m30s`: a duration in microseconds, rounded for reading. */
export function humanDurationUs(us: number): string {
  const abs = Math.abs(us);
  if (abs < 1_000) return `${Math.round(us)}us`;
  if (abs < 1_000_000) return `${trim(us / 1_000)}ms`;
  if (abs < 60_000_000) return `${trim(us / 1_000_000)}s`;
  const minutes = Math.floor(abs / 60_000_000);
  const seconds = Math.round((abs % 60_000_000) / 1_000_000);
  return `${us < 0 ? '-' : ''}${minutes}m${seconds > 0 ? `${seconds}s` : ''}`;
}

/** Three significant digits at most: 1.234 -> 1.23, 12.34 -> 12.3, 123.4 -> 123. */
function trim(x: number): string {
  const abs = Math.abs(x);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return String(Number(x.toFixed(digits)));
}

/** 1234567 -> `1,234,567`. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}
