/** `1 seed`, `2 seeds`: a count and its noun, for terminal lines. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
