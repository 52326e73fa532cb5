/** The CLI's small parts: progress lines only on a terminal, and global options → SDK client settings. */
import { clientSettings } from '../../cli/global-options';
import type { CliIo } from '../../cli/io';
import { ObservedInventory, ObservedLiveSource, progressLine } from '../../cli/observed-sources';
import type { LiveSource } from '../../lambda/ports';
import { image, inventory } from '../support/core-builders';

function io(tty: boolean, lines: string[]): CliIo {
  return { out: () => undefined, err: (text) => lines.push(text), stderrIsTTY: tty, env: {}, now: Date.now };
}

const listed = inventory([image({ digest: 'sha256:a' }), image({ digest: 'sha256:b', repository: 'other' })]);
const failing: LiveSource = { name: 'eks', enabled: () => true, collect: async () => Promise.reject(new Error('cluster prod: 403')) };

describe('progress', () => {
  test('on a terminal, each source says when it is done, or that it failed; the error still propagates', async () => {
    const lines: string[] = [];
    const progress = progressLine(io(true, lines));
    const observed = new ObservedInventory({ collect: async () => listed }, progress);
    await observed.collect();
    await expect(new ObservedLiveSource(failing, progress).collect({ lambda: false, batch: false })).rejects.toThrow('cluster prod: 403');
    expect(lines).toEqual([expect.stringMatching(/^ {2}ECR inventory: 2 images in 2 repositories \(\d+\.\d s\)$/), expect.stringMatching(/^ {2}eks: FAILED after \d+\.\d s$/)]);
    expect(observed.inventory).toBe(listed);
  });

  test('a pipe or a CI log gets no progress at all', async () => {
    const lines: string[] = [];
    await new ObservedInventory({ collect: async () => listed }, progressLine(io(false, lines))).collect();
    expect(lines).toEqual([]);
  });
});

describe('global options', () => {
  test('region, endpoint and AWS_MAX_ATTEMPTS pass through; a profile becomes a credentials provider', () => {
    const settings = clientSettings({ region: 'eu-west-1', endpointUrl: 'http://localhost:4566', profile: 'ops' }, { AWS_MAX_ATTEMPTS: '3' });
    expect(settings).toMatchObject({ region: 'eu-west-1', endpoint: 'http://localhost:4566', maxAttempts: 3 });
    expect(typeof settings.credentials).toBe('function');
    expect(clientSettings({}, {})).toEqual({});
  });

  test.each(['0', 'many', '2.5'])('AWS_MAX_ATTEMPTS=%s is a usage error', (value) => {
    expect(() => clientSettings({}, { AWS_MAX_ATTEMPTS: value })).toThrow(/AWS_MAX_ATTEMPTS must be a whole number of at least 1/);
  });
});
