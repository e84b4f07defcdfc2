/** Typed-array columns (one array per field, row i at index i), as the leaf list and the folded ranges keep them. */
type Column = Uint8Array | Uint32Array | Float64Array;

/** Columns of twice the capacity holding the same rows: `make(capacity)` builds an empty set. */
export function doubledColumns<T extends { readonly [K in keyof T]: Column }>(
  old: T,
  capacity: number,
  make: (capacity: number) => T,
): T {
  const next = make(capacity * 2);
  for (const key of Object.keys(old) as (keyof T)[]) next[key].set(old[key]);
  return next;
}
