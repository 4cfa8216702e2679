/** Values per `IN (…)` list or multi-row VALUES: well inside every database's parameter limit. */
export const LIST_CHUNK = 500;

/** `list` in pieces of at most `size`, in order. */
export function chunked<T>(list: readonly T[], size = LIST_CHUNK): T[][] {
  const pieces: T[][] = [];
  for (let start = 0; start < list.length; start += size) pieces.push(list.slice(start, start + size));
  return pieces;
}
