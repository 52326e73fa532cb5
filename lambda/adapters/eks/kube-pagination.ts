/**
 * Kubernetes chunked lists: ask `limit` items, follow `metadata._continue` (the wire's `continue`) until it is empty —
 * a page may hold fewer items than asked, even none, without being the last. A continue token the server no longer
 * holds (410 Expired, after five to fifteen minutes or etcd compaction) restarts the whole list, so the result is one
 * consistent snapshot; restarts are bounded, and the last failure is rethrown.
 */

export interface ListPageParams {
  readonly limit: number;
  readonly _continue?: string;
}

export interface ListPage<T> {
  readonly items: readonly T[];
  readonly metadata?: { readonly _continue?: string };
}

export interface ListAllOptions {
  readonly pageSize: number;
  readonly maxRestarts: number;
  readonly isExpired: (error: unknown) => boolean;
}

export async function listAllPages<T>(fetchPage: (params: ListPageParams) => Promise<ListPage<T>>, options: ListAllOptions): Promise<T[]> {
  for (let restarts = 0; ; restarts++) {
    try {
      return await readEveryPage(fetchPage, options.pageSize);
    } catch (error) {
      if (!options.isExpired(error) || restarts >= options.maxRestarts) throw error;
    }
  }
}

async function readEveryPage<T>(fetchPage: (params: ListPageParams) => Promise<ListPage<T>>, limit: number): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token ? { limit, _continue: token } : { limit });
    items.push(...page.items);
    token = page.metadata?._continue || undefined;
  } while (token);
  return items;
}
