import fc from 'fast-check';
import { createGate } from '../../lambda/adapters/ecs/task-definitions';

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('the task-definition-read gate', () => {
  it('never lets more than its limit run at once, runs every task, and starts them in arrival order', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 10 }), fc.array(fc.nat(3), { maxLength: 40 }), async (limit, durations) => {
      const gate = createGate(limit);
      let running = 0;
      let peak = 0;
      const started: number[] = [];
      const results = await Promise.all(durations.map((ms, index) => gate(async () => {
        started.push(index);
        running += 1;
        peak = Math.max(peak, running);
        await tick(ms);
        running -= 1;
        return index;
      })));
      expect(peak).toBeLessThanOrEqual(limit);
      expect(results).toEqual(durations.map((_, index) => index));
      expect(started).toEqual(durations.map((_, index) => index));
    }), { numRuns: 50 });
  });

  it('refuses the waiting tasks once one has failed, without running them', async () => {
    const gate = createGate(1);
    const ran: string[] = [];
    const first = gate(async () => {
      ran.push('first');
      await tick(5);
      throw new Error('boom');
    });
    const second = gate(async () => {
      ran.push('second');
      return 'second';
    });
    await expect(first).rejects.toThrow('boom');
    await expect(second).rejects.toThrow('boom');
    expect(ran).toEqual(['first']);
  });
});
