// An empty array that already has the element kind of its future contents. V8 starts an
// empty literal `[]` as "small integers" and moves it to objects/strings/doubles on the
// first push; when that push runs in optimized code compiled while the list was still
// empty, the code deoptimizes ("not a Smi") and the enclosing hot function (often the
// kernel's inlined event path) is compiled again. Lists that live across a run's first
// pushes start with the right kind instead. Behaviour is the same as `[]`.
export function emptyListOf<T>(sample: T): T[] {
  const list = [sample];
  list.pop();
  return list;
}
