/**
 * `target.push(...items)` passes every item as a call argument and overflows the stack past ~110,000 items (seen at
 * 115,570 EKS references): anything whose size the account decides is appended with a loop.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** Appends `value` to the list under `key`, creating the list on first use. */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** An array of `length` slots holding `value`, allocated once (growing one by push copies it a dozen times over). */
export function filledArray<T>(length: number, value: T): T[] {
  return new Array<T>(length).fill(value);
}
