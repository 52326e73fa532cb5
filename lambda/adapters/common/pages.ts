/**
 * The one pagination helper: every item of every page an SDK v3 paginator yields, in order. The paginators own the
 * tokens; this owns the flattening, with a loop (an account decides how many items there are, and spreading them
 * into push(...) overflows the stack past ~110,000).
 */
export async function allItems<Page, Item>(pages: AsyncIterable<Page>, itemsOf: (page: Page) => readonly Item[] | undefined): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pages) for (const item of itemsOf(page) ?? []) items.push(item);
  return items;
}
