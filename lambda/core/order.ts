/** Code-unit order: the same order on every runtime and locale, so plans and journals are byte-for-byte repeatable. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `repository@digest`: how an image is named in reports and keyed where an object key will not do. */
export function imageKey(image: { readonly repository: string; readonly digest: string }): string {
  return `${image.repository}@${image.digest}`;
}
