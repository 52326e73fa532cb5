/** listAllPages: follow continue tokens to the end, restart a list whose token expired, a bounded number of times. */
import { listAllPages, type ListPage, type ListPageParams } from '../../lambda/adapters/eks/kube-pagination';

class Expired extends Error {}
const options = { pageSize: 2, maxRestarts: 3, isExpired: (e: unknown) => e instanceof Expired };

/** Serves `items` in pages of `limit`; `pages` scripts special answers by call number. */
function server(items: number[], script: Record<number, 'expire' | 'empty'> = {}) {
  const calls: ListPageParams[] = [];
  const fetch = async (params: ListPageParams): Promise<ListPage<number>> => {
    calls.push(params);
    const offset = params._continue ? Number(params._continue) : 0;
    const action = script[calls.length];
    if (action === 'expire') throw new Expired();
    if (action === 'empty') return { items: [], metadata: { _continue: String(offset) } };
    const end = offset + params.limit;
    return { items: items.slice(offset, end), metadata: end < items.length ? { _continue: String(end) } : {} };
  };
  return { calls, fetch };
}

describe('listAllPages', () => {
  it('follows continue tokens until one is empty, asking limit items each time', async () => {
    const { calls, fetch } = server([1, 2, 3, 4, 5]);
    expect(await listAllPages(fetch, options)).toEqual([1, 2, 3, 4, 5]);
    expect(calls).toEqual([{ limit: 2 }, { limit: 2, _continue: '2' }, { limit: 2, _continue: '4' }]);
  });

  it('keeps going after an empty page that still carries a continue token', async () => {
    const { fetch } = server([1, 2, 3], { 2: 'empty' });
    expect(await listAllPages(fetch, options)).toEqual([1, 2, 3]);
  });

  it('restarts from the beginning after a 410, dropping the partial result', async () => {
    const { calls, fetch } = server([1, 2, 3, 4, 5], { 3: 'expire' });
    expect(await listAllPages(fetch, options)).toEqual([1, 2, 3, 4, 5]);
    expect(calls.map((c) => c._continue ?? 'start')).toEqual(['start', '2', '4', 'start', '2', '4']);
  });

  it('gives up after maxRestarts restarts, rethrowing the expiry', async () => {
    const { calls, fetch } = server([1, 2, 3], { 2: 'expire', 4: 'expire', 6: 'expire', 8: 'expire' });
    await expect(listAllPages(fetch, options)).rejects.toBeInstanceOf(Expired);
    expect(calls).toHaveLength(8);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('forbidden');
    };
    await expect(listAllPages(failing, options)).rejects.toThrow('forbidden');
    expect(calls).toBe(1);
  });
});
