import { createHash } from 'node:crypto';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import fc from 'fast-check';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { LambdaLiveSource } from '../../lambda/adapters/lambda/source';
import { LiveSourceError } from '../../lambda/adapters/common/errors';
import type { LiveReference } from '../../lambda/core/model';
import { emptyAccount, type EmuLambdaFunction, registryHost } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';

const account = emptyAccount('111122223333', 'eu-west-1');
const REGISTRY = registryHost(account);
const credentials = { accessKeyId: 'AKID', secretAccessKey: 'x' };
const digestOf = (seed: string) => `sha256:${createHash('sha256').update(seed).digest('hex')}`;

/** Version `v` of image function `name`: tag `v<v>`, digest derived from both. */
function code(name: string, v: string) {
  return { imageUri: `${REGISTRY}/${name}:v${v}`, resolvedImageUri: `${REGISTRY}/${name}@${digestOf(`${name}:${v}`)}` };
}

function imageFunction(name: string, versions: number, aliases: EmuLambdaFunction['aliases'] = []): EmuLambdaFunction {
  return {
    name,
    packageType: 'Image',
    latest: code(name, 'latest'),
    versions: Array.from({ length: versions }, (_, i) => ({ version: String(i + 1), ...code(name, String(i + 1)) })),
    aliases,
  };
}

const zipFunction: EmuLambdaFunction = {
  name: 'zip-handler',
  packageType: 'Zip',
  latest: {},
  versions: [{ version: '1' }],
  aliases: [{ name: 'prod', functionVersion: '1' }],
};

/** api: 6 versions; prod routes to 3 and 10 % to 4; staging to 5; beta also to 5; live to $LATEST. 1, 2 and 6 are unaliased. */
const functions: EmuLambdaFunction[] = [
  imageFunction('api', 6, [
    { name: 'prod', functionVersion: '3', additionalVersionWeights: { '4': 0.1 } },
    { name: 'staging', functionVersion: '5' },
    { name: 'beta', functionVersion: '5' },
    { name: 'live', functionVersion: '$LATEST' },
  ]),
  zipFunction,
  imageFunction('worker', 2),
  { ...imageFunction('pinned', 0), latest: { imageUri: `${REGISTRY}/pinned@${digestOf('pinned')}`, resolvedImageUri: `${REGISTRY}/pinned@${digestOf('pinned')}` } },
  { ...zipFunction, name: 'zip-cron', aliases: [] },
];

function lambdaClient(emulator: AwsEmulator, settings: { maxAttempts?: number } = {}) {
  return new LambdaClient(commonClientConfig({ region: account.region, endpoint: emulator.url, credentials, fixedBackoffMs: 2, ...settings }));
}

const imagesAt = (references: readonly LiveReference[], location: string) =>
  references.filter((r) => r.location === location).map((r) => r.image).sort();

describe('Lambda live source', () => {
  let emulator: AwsEmulator;
  beforeAll(async () => {
    emulator = await startAwsEmulator({ account: { ...account, lambda: { functions } }, pageSize: 2, quotas: {}, hangMs: 5000 });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.resetCounters();
    emulator.setFaults([]);
  });

  it('yields $LATEST and every published version, aliased or not, configured URI and resolved digest both', async () => {
    const references = await new LambdaLiveSource({ client: lambdaClient(emulator) }).collect();
    for (const version of ['latest', '1', '2', '3', '4', '5', '6']) {
      const qualifier = version === 'latest' ? '$LATEST' : version;
      expect(imagesAt(references, `lambda function/api:${qualifier}`)).toEqual([code('api', version).imageUri, code('api', version).resolvedImageUri].sort());
    }
    expect(imagesAt(references, 'lambda function/worker:1')).toHaveLength(2);
    expect(references.find((r) => r.image === code('api', '3').resolvedImageUri)?.digest).toBe(digestOf('api:3'));
  });

  it('keeps an unaliased old version live: something can invoke it by its qualified ARN', async () => {
    const references = await new LambdaLiveSource({ client: lambdaClient(emulator) }).collect();
    const images = references.map((r) => r.image);
    for (const version of ['1', '2', '6']) expect(images).toContain(code('api', version).resolvedImageUri);
    expect(images).toContain(code('worker', '2').imageUri);
  });

  it('yields nothing for Zip functions', async () => {
    const references = await new LambdaLiveSource({ client: lambdaClient(emulator) }).collect();
    expect(references.filter((r) => r.location.includes('zip'))).toEqual([]);
    expect(references.some((r) => r.image.includes('zip'))).toBe(false);
  });

  it('yields a digest-pinned image once, with its digest', async () => {
    const references = await new LambdaLiveSource({ client: lambdaClient(emulator) }).collect();
    expect(references.filter((r) => r.location === 'lambda function/pinned:$LATEST'))
      .toEqual([{ source: 'lambda', location: 'lambda function/pinned:$LATEST', image: `${REGISTRY}/pinned@${digestOf('pinned')}`, digest: digestOf('pinned') }]);
  });

  it('makes exactly the minimum calls: each list page once, one GetFunction per version, no ListAliases', async () => {
    await new LambdaLiveSource({ client: lambdaClient(emulator) }).collect();
    expect(Object.fromEntries(emulator.calls)).toEqual({
      'lambda.ListFunctions': 3, // 5 functions, 2 per page
      // $LATEST and the published versions, 2 per page: api 7, worker 3, pinned 1; Zip functions are not asked
      'lambda.ListVersionsByFunction': 4 + 2 + 1,
      'lambda.GetFunction': 7 + 3 + 1,
    });
  });

  it('retries Lambda 429 TooManyRequestsException and still reads everything', async () => {
    const expected = await new LambdaLiveSource({ client: lambdaClient(emulator) }).collect();
    emulator.resetCounters();
    emulator.setFaults([{ service: 'lambda', operation: 'GetFunction', kind: 'throttle', rate: 1, remaining: 3 },
      { service: 'lambda', operation: 'ListFunctions', kind: 'throttle', rate: 1, remaining: 1 }]);
    const references = await new LambdaLiveSource({ client: lambdaClient(emulator) }).collect();
    expect(sortedImages(references)).toEqual(sortedImages(expected));
    expect(emulator.calls.get('lambda.GetFunction')).toBe(11 + 3);
    expect(emulator.calls.get('lambda.ListFunctions')).toBe(3 + 1);
  });

  it('abandons a hung call after the request timeout and retries it', async () => {
    emulator.setFaults([{ service: 'lambda', operation: 'ListVersionsByFunction', kind: 'hang', rate: 1, remaining: 1 }]);
    // node-http-handler 4.x only warns on requestTimeout unless throwOnRequestTimeout is set.
    const client = new LambdaClient({
      ...commonClientConfig({ region: account.region, endpoint: emulator.url, credentials, fixedBackoffMs: 2 }),
      requestHandler: new NodeHttpHandler({ requestTimeout: 200, throwOnRequestTimeout: true }),
    });
    const started = performance.now();
    const references = await new LambdaLiveSource({ client }).collect();
    expect(references).toHaveLength(10 * 2 + 1);
    expect(performance.now() - started).toBeLessThan(2_000); // the emulator would hold the hung call for 5 s
  });

  it.each([
    ['ListFunctions', /lambda: could not read ListFunctions/],
    ['ListVersionsByFunction', /lambda: could not read ListVersionsByFunction of function (api|worker|pinned)/],
    ['GetFunction', /lambda: could not read GetFunction (api|worker|pinned):/],
  ])('fails closed with a LiveSourceError when %s keeps failing', async (operation, message) => {
    emulator.setFaults([{ service: 'lambda', operation, kind: 'server-error', rate: 1 }]);
    const collecting = new LambdaLiveSource({ client: lambdaClient(emulator, { maxAttempts: 2 }) }).collect();
    await expect(collecting).rejects.toBeInstanceOf(LiveSourceError);
    await expect(collecting).rejects.toThrow(message);
  });

});

describe('Lambda live source under throttling and latency', () => {
  it('keeps at most 10 calls in flight, and retries every throttled call', async () => {
    const many = Array.from({ length: 30 }, (_, i) => imageFunction(`fn-${i}`, 2, [{ name: 'prod', functionVersion: '2' }]));
    const emulator = await startAwsEmulator({
      account: { ...account, lambda: { functions: many } }, pageSize: 3, latencyMs: 15, quotas: {},
      // Injected rather than left to a token bucket: whether a bucket runs dry depends on how fast the machine sends.
      faults: [{ service: 'lambda', operation: 'GetFunction', kind: 'throttle', rate: 1, remaining: 8 }],
    });
    try {
      const client = new LambdaClient(commonClientConfig({ region: account.region, endpoint: emulator.url, credentials, fixedBackoffMs: 20, maxAttempts: 20 }));
      const inFlight = trackInFlight(client);
      const started = performance.now();
      const references = await new LambdaLiveSource({ client }).collect();
      const elapsedMs = performance.now() - started;
      expect(references).toHaveLength(30 * 3 * 2);
      expect(inFlight.max).toBeLessThanOrEqual(10);
      expect(inFlight.max).toBeGreaterThan(1);
      // 90 invocable versions ($LATEST, 1, 2 of 30 functions), each read once, plus one retry per throttled answer.
      expect(emulator.calls.get('lambda.GetFunction')).toBe(90 + 8);
      process.stdout.write(`lambda 30 functions: ${Math.round(elapsedMs)} ms, ${emulator.totalCalls()} calls, max in flight ${inFlight.max}\n`);
    } finally {
      await emulator.close();
    }
  });
});

describe('Lambda live source over random accounts', () => {
  let emulator: AwsEmulator;
  beforeAll(async () => {
    emulator = await startAwsEmulator({ account: structuredClone(account), pageSize: 2, quotas: {} });
  });
  afterAll(() => emulator.close());

  it('yields exactly $LATEST and every published version of image functions, in the minimum calls', async () => {
    await fc.assert(fc.asyncProperty(randomFunctions, async (generated) => {
      emulator.account.lambda.functions = generated;
      emulator.resetCounters();
      const references = await new LambdaLiveSource({ client: lambdaClient(emulator), concurrency: 3 }).collect();
      const model = invocableModel(generated);
      expect(sortedImages(references)).toEqual(model.images.sort());
      expect(emulator.calls.get('lambda.ListFunctions')).toBe(Math.max(1, Math.ceil(generated.length / 2)));
      expect(emulator.calls.get('lambda.ListVersionsByFunction') ?? 0).toBe(model.versionPages);
      expect(emulator.calls.get('lambda.ListAliases')).toBeUndefined();
      expect(emulator.calls.get('lambda.GetFunction') ?? 0).toBe(model.versions);
    }), { numRuns: 25 });
  });
});

const randomFunctions = fc.uniqueArray(
  fc.record({
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
    image: fc.boolean(),
    versions: fc.integer({ min: 0, max: 4 }),
    aliases: fc.array(fc.record({ target: fc.integer({ min: 0, max: 4 }), weighted: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }) }), { maxLength: 4 }),
  }),
  { selector: (f) => f.name, maxLength: 6 },
).map((specs) => specs.map((spec): EmuLambdaFunction => {
  const fn = imageFunction(spec.name, spec.versions);
  // Target 0 is $LATEST; versions beyond the published ones fold back into range.
  const version = (n: number) => (spec.versions === 0 || n === 0 ? '$LATEST' : String(((n - 1) % spec.versions) + 1));
  const aliases = spec.aliases.map((alias, i) => {
    const target = version(alias.target);
    const weighted = alias.weighted === undefined || spec.versions === 0 ? undefined : version(alias.weighted);
    return { name: `a${i}`, functionVersion: target, ...(weighted && weighted !== target && target !== '$LATEST' ? { additionalVersionWeights: { [weighted]: 0.5 } } : {}) };
  });
  return spec.image ? { ...fn, aliases } : { ...fn, packageType: 'Zip', latest: {}, versions: fn.versions.map((v) => ({ version: v.version })), aliases };
}));

/** Aliases play no part: every alias routes to $LATEST or a published version, and each of those is live. */
function invocableModel(fns: readonly EmuLambdaFunction[]) {
  const images: string[] = [];
  let versionPages = 0;
  let versions = 0;
  for (const fn of fns.filter((f) => f.packageType === 'Image')) {
    versionPages += Math.max(1, Math.ceil((fn.versions.length + 1) / 2));
    versions += fn.versions.length + 1;
    for (const uris of [fn.latest, ...fn.versions]) images.push(uris.imageUri ?? '', uris.resolvedImageUri ?? '');
  }
  return { images, versionPages, versions };
}

function sortedImages(references: readonly LiveReference[]): string[] {
  return references.map((r) => r.image).sort();
}

/** Counts the client's concurrent sends through a middleware, the way the adapter's fan-out sees them. */
function trackInFlight(client: LambdaClient): { max: number } {
  const stats = { current: 0, max: 0 };
  client.middlewareStack.add((next) => async (args) => {
    stats.current += 1;
    stats.max = Math.max(stats.max, stats.current);
    try {
      return await next(args);
    } finally {
      stats.current -= 1;
    }
  }, { step: 'initialize' });
  return stats;
}
