/** The CLI's small parts: progress lines only on a terminal, and global options → SDK client settings. */
import { clientSettings } from '../../cli/global-options';
import type { CliIo } from '../../cli/io';
import { progressLine, withProgress } from '../../cli/progress';
import { collectAccount } from '../../lambda/collect';
import { image, inventory } from '../support/core-builders';
import { collectSources, fakeSources, QUIET } from '../support/fake-sources';

function io(tty: boolean, lines: string[]): CliIo {
  return { out: () => undefined, err: (text) => lines.push(text), stderrIsTTY: tty, env: {}, now: Date.now };
}

const listed = inventory([image({ digest: 'sha256:a' }), image({ digest: 'sha256:b', repository: 'other' })]);
const failing = fakeSources({ eks: async () => Promise.reject(new Error('cluster prod: 403')) });
const EKS_ONLY = { live: { eks: { clusters: ['prod'] }, lambda: false, batch: false } };

describe('progress', () => {
  test('on a terminal, each read says when it is done, or that it failed; the failure is still recorded', async () => {
    const lines: string[] = [];
    const telemetry = withProgress(QUIET, progressLine(io(true, lines)));
    const collected = await collectAccount(collectSources(listed, failing, telemetry), EKS_ONLY);
    expect([...lines].sort()).toEqual([expect.stringMatching(/^ {2}ECR inventory: 2 images in 2 repositories \(\d+\.\d s\)$/), expect.stringMatching(/^ {2}eks: FAILED after \d+\.\d s$/)]);
    expect(collected.regions[0]?.failedSources).toEqual([{ source: 'eks', message: 'cluster prod: 403', region: 'us-east-1' }]);
  });

  test('a pipe or a CI log gets no progress at all', async () => {
    const lines: string[] = [];
    await collectAccount(collectSources(listed, failing, withProgress(QUIET, progressLine(io(false, lines)))), EKS_ONLY);
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
