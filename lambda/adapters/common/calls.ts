/** Small helpers every adapter shares for its calls. */

/** Splits into chunks of at most `size`, in order: the batch APIs take a bounded number of ids. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** SDK v3 service exceptions carry the modelled error code as their name. */
export function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
