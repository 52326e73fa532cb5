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

  it('yields $LATEST and every alias-routed version, configured URI and resolved digest both', async () => {
    const references = await new LambdaLiveSource({ client: lambdaClient(emulator) }).collect();
    expect(imagesAt(references, 'lambda function/api:$LATEST alias/live')).toEqual([code('api', 'latest').imageUri, code('api', 'latest').resolvedImageUri].sort());
    expect(imagesAt(references, 'lambda function/api:3 alias/prod')).toEqual([code('api', '3').imageUri, code('api', '3').resolvedImageUri].sort());
    expect(imagesAt(references, 'lambda function/api:4 alias/prod')).toEqual([code('api', '4').imageUri, code('api', '4').resolvedImageUri].sort());
    expect(imagesAt(references, 'lambda function/api:5 alias/staging,beta')).toHaveLength(2);
    expect(imagesAt(references, 'lambda function/worker:$LATEST')).toHaveLength(2);
    expect(references.find((r) => r.image === code('api', '3').resolvedImageUri)?.digest).toBe(digestOf('api:3'));
  });

  it('yields no unaliased old version and nothing for Zip functions', async () => {
    const references = await new LambdaLiveSource({ client: lambdaClient(emulator) }).collect();
    const images = references.map((r) => r.image);
    expect(references.filter((r) => r.location.includes('zip'))).toEqual([]);
    for (const version of ['1', '2', '6']) expect(images).not.toContain(code('api', version).imageUri);
    expect(images).not.toContain(code('worker', '1').imageUri);
    expect(images.some((image) => image.includes('zip'))).toBe(false);
  });

  it('yields a digest-pinned image once, with its digest', async () => {
    const references = await new LambdaLiveSource({ client: lambdaClient(emulator) }).collect();
    expect(references.filter((r) => r.location === 'lambda function/pinned:$LATEST'))
      .toEqual([{ source: 'lambda', location: 'lambda function/pinned:$LATEST', image: `${REGISTRY}/pinned@${digestOf('pinned')}`, digest: digestOf('pinned') }]);
  });

  it('makes exactly the minimum calls: each list page once, one GetFunction per invocable version', async () => {
    await new LambdaLiveSource({ client: lambdaClient(emulator) }).collect();
    expect(Object.fromEntries(emulator.calls)).toEqual({
      'lambda.ListFunctions': 3, // 5 functions, 2 per page
      'lambda.ListAliases': 2 + 1 + 1, // api has 4 aliases; worker and pinned none; Zip functions are not asked
      'lambda.GetFunction': 4 + 1 + 1, // api: $LATEST, 3, 4, 5; worker and pinned: $LATEST
    });
  });

  it('retries Lambda 429 TooManyRequestsException and still reads everything', async () => {
    const expected = await new LambdaLiveSource({ client: lambdaClient(emulator) }).collect();
    emulator.resetCounters();
    emulator.setFaults([{ service: 'lambda', operation: 'GetFunction', kind: 'throttle', rate: 1, remaining: 3 },
      { service: 'lambda', operation: 'ListFunctions', kind: 'throttle', rate: 1, remaining: 1 }]);
    const references = await new LambdaLiveSource({ client: lambdaClient(emulator) }).collect();
    expect(sortedImages(references)).toEqual(sortedImages(expected));
    expect(emulator.calls.get('lambda.GetFunction')).toBe(6 + 3);
    expect(emulator.calls.get('lambda.ListFunctions')).toBe(3 + 1);
  });

  it('abandons a hung call after the request timeout and retries it', async () => {
    emulator.setFaults([{ service: 'lambda', operation: 'ListAliases', kind: 'hang', rate: 1, remaining: 1 }]);
    // node-http-handler 4.x only warns on requestTimeout unless throwOnRequestTimeout is set.
    const client = new LambdaClient({
      ...commonClientConfig({ region: account.region, endpoint: emulator.url, credentials, fixedBackoffMs: 2 }),
      requestHandler: new NodeHttpHandler({ requestTimeout: 200, throwOnRequestTimeout: true }),
    });
    const started = performance.now();
    const references = await new LambdaLiveSource({ client }).collect();
    expect(references).toHaveLength(11);
    expect(performance.now() - started).toBeLessThan(2_000); // the emulator would hold the hung call for 5 s
  });

  it.each([
    ['ListFunctions', /lambda: could not read ListFunctions/],
    ['ListAliases', /lambda: could not read ListAliases of function (api|worker|pinned)/],
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
      expect(references).toHaveLength(30 * 2 * 2);
      expect(inFlight.max).toBeLessThanOrEqual(10);
      expect(inFlight.max).toBeGreaterThan(1);
      // 60 invocable versions, each read once, plus one retry per throttled answer.
      expect(emulator.calls.get('lambda.GetFunction')).toBe(60 + 8);
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

  it('yields exactly $LATEST and the alias-routed versions of image functions, in the minimum calls', async () => {
    await fc.assert(fc.asyncProperty(randomFunctions, async (generated) => {
      emulator.account.lambda.functions = generated;
      emulator.resetCounters();
      const references = await new LambdaLiveSource({ client: lambdaClient(emulator), concurrency: 3 }).collect();
      const model = invocableModel(generated);
      expect(sortedImages(references)).toEqual(model.images.sort());
      expect(emulator.calls.get('lambda.ListFunctions')).toBe(Math.max(1, Math.ceil(generated.length / 2)));
      expect(emulator.calls.get('lambda.ListAliases') ?? 0).toBe(model.aliasPages);
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

function invocableModel(fns: readonly EmuLambdaFunction[]) {
  const images: string[] = [];
  let aliasPages = 0;
  let versions = 0;
  for (const fn of fns.filter((f) => f.packageType === 'Image')) {
    aliasPages += Math.max(1, Math.ceil(fn.aliases.length / 2));
    const qualifiers = new Set(['$LATEST', ...fn.aliases.flatMap((a) => [a.functionVersion, ...Object.keys(a.additionalVersionWeights ?? {})])]);
    versions += qualifiers.size;
    for (const q of qualifiers) {
      const uris = q === '$LATEST' ? fn.latest : fn.versions.find((v) => v.version === q);
      images.push(uris?.imageUri ?? '', uris?.resolvedImageUri ?? '');
    }
  }
  return { images, aliasPages, versions };
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
