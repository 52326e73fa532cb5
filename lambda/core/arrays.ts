/**
 * `target.push(...items)` passes every item as a call argument and overflows the stack past ~110,000 items (seen at
 * 115,570 EKS references): anything whose size the account decides is appended with a loop.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
