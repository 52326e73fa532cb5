/** Image references → live digests: parsing every registry and reference form, resolution through the inventory. */
import fc from 'fast-check';
import type { ImageRecord, Inventory, LiveReference } from '../../lambda/core/model';
import { parseImageReference, resolveLiveReferences } from '../../lambda/core/references';
import { ecrHostForms } from '../../lambda/core/registry-hosts';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const HOST = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
const hex = (c: string) => c.repeat(64);
const D1 = `sha256:${hex('1')}`;
const D2 = `sha256:${hex('2')}`;
const D3 = `sha256:${hex('3')}`;

function record(repository: string, digest: string, tags: string[] = []): ImageRecord {
  return { repository, digest, tags, pushedAt: 0, sizeBytes: 1, childDigests: [], status: 'ACTIVE' };
}

const inventory: Inventory = {
  accountId: ACCOUNT,
  region: REGION,
  repositories: [{ name: 'web', registryId: ACCOUNT }, { name: 'team/api', registryId: ACCOUNT }, { name: 'mirror', registryId: ACCOUNT }],
  images: [record('web', D1, ['v1', 'latest']), record('web', D2, ['v2']), record('team/api', D3, ['prd']), record('mirror', D1)],
};

const ref = (image: string, digest?: string): LiveReference => ({ source: 'ecs', location: 'test', image, ...(digest ? { digest } : {}) });
const liveOf = (...refs: LiveReference[]) =>
  resolveLiveReferences(refs, inventory).live.map((l) => `${l.repository}@${l.digest.slice(7, 8)}`).sort();

describe('parseImageReference', () => {
  it.each([
    ['tag', `${HOST}/web:v1`, { repository: 'web', tag: 'v1' }],
    ['digest', `${HOST}/web@${D1}`, { repository: 'web', digest: D1 }],
    ['tag and digest', `${HOST}/web:v1@${D1}`, { repository: 'web', tag: 'v1', digest: D1 }],
    ['neither (implicit latest)', `${HOST}/web`, { repository: 'web' }],
    ['a path with slashes', `${HOST}/team/a/api:1.2.3`, { repository: 'team/a/api', tag: '1.2.3' }],
    ['a docker-pullable:// status imageID', `docker-pullable://${HOST}/web@${D1}`, { repository: 'web', digest: D1 }],
    ['a containerd:// prefix and spaces', `  containerd://${HOST}/team/api:prd `, { repository: 'team/api', tag: 'prd' }],
    ['an upper case host with the default port', `${HOST.toUpperCase()}:443/web:v1`, { repository: 'web', tag: 'v1' }],
  ])('parses a reference by %s', (_form, image, expected) => {
    expect(parseImageReference(image)).toEqual({ host: HOST, ...expected });
  });

  it.each([['a name without registry', 'nginx'], ['a bare digest', D1], ['nothing', '']])('returns undefined for %s', (_form, image) => {
    expect(parseImageReference(image)).toBeUndefined();
  });
});

describe('registry hosts', () => {
  const at = (region: string, suffix: string) => `${ACCOUNT}.dkr.ecr.${region}.${suffix}`;
  const inRegion = (region: string, hosts: readonly string[]): Inventory => ({ ...inventory, region, registryHosts: hosts, images: [record('web', D1, ['v1'])] });

  it.each([
    ['aws', 'us-east-1', 'amazonaws.com'],
    ['aws-cn', 'cn-north-1', 'amazonaws.com.cn'],
    ['aws-eusc', 'eusc-de-east-1', 'amazonaws.eu'],
    ['aws-iso-e', 'eu-isoe-west-1', 'cloud.adc-e.uk'],
    ['aws-iso-f', 'us-isof-south-1', 'csp.hci.ic.gov'],
  ])('resolves references in the %s partition through the host its repositoryUri names', (_partition, region, suffix) => {
    const host = at(region, suffix);
    const result = resolveLiveReferences([ref(`${host}/web:v1`), ref(`${ACCOUNT}.dkr.ecr-fips.${region}.${suffix}/web@${D1}`)],
      inRegion(region, ecrHostForms(host)));
    expect(result.live.map((l) => l.digest)).toEqual([D1, D1]);
    expect(result.missing).toEqual([]);
  });

  it.each([
    ['dual-stack', `${ACCOUNT}.dkr-ecr.${REGION}.on.aws`],
    ['dual-stack FIPS', `${ACCOUNT}.dkr-ecr-fips.${REGION}.on.aws`],
    ['FIPS', `${ACCOUNT}.dkr.ecr-fips.${REGION}.amazonaws.com`],
    ['upper case, explicit port', `${HOST.toUpperCase()}:443`],
  ])('recognises the %s form of the registry host', (_form, host) => {
    expect(liveOf(ref(`${host}/web:v1`))).toEqual(['web@1']);
  });

  it.each([
    ['a look-alike domain', `${HOST}.evil.example`],
    ['a dual-stack name of a partition that documents none', `${ACCOUNT}.dkr-ecr.${REGION}.on.example`],
    ['no region at all', `${ACCOUNT}.dkr.ecr`],
  ])('reports a host that looks like this registry but is none of its hosts (%s) as missing, never as foreign', (_form, host) => {
    const result = resolveLiveReferences([ref(`${host}/web:v1`)], { ...inventory, registryHosts: ecrHostForms(HOST) });
    expect(result.missing).toEqual([{ region: REGION, repository: 'web', tag: 'v1', reference: ref(`${host}/web:v1`) }]);
    expect(result.live).toEqual([]);
  });

  it.each([
    ['Docker Hub', 'nginx:1.27'],
    ['Docker Hub with path', 'docker.io/library/nginx@' + D1],
    ['ECR Public', 'public.ecr.aws/nginx/nginx:latest'],
    ['another cloud', 'europe-docker.pkg.dev/p/r/img:1'],
    ['another account', `999999999999.dkr.ecr.${REGION}.amazonaws.com/web:v1`],
    ['a short account id', `12345.dkr.ecr.${REGION}.amazonaws.com/web:v1`],
    ['another region', `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/web:v1`],
    ['another region of another partition', `${ACCOUNT}.dkr.ecr.eusc-de-east-1.amazonaws.eu/web:v1`],
  ])('leaves %s out of the live set and out of the missing', (_form, image) => {
    expect(resolveLiveReferences([ref(image)], { ...inventory, registryHosts: ecrHostForms(HOST) })).toEqual({ live: [], missing: [] });
  });

  it('falls back to the aws and aws-cn host forms for an inventory that carries no hosts (an old snapshot)', () => {
    const { registryHosts: _none, ...old } = { ...inventory, registryHosts: undefined };
    expect(resolveLiveReferences([ref(`${HOST}/web:v2`), ref(`${ACCOUNT}.dkr-ecr.${REGION}.on.aws/web:v2`)], old).live).toHaveLength(2);
  });
});

describe('resolveLiveReferences', () => {
  it('resolves a tag to the digest it points at now', () => {
    expect(liveOf(ref(`${HOST}/web:v2`))).toEqual(['web@2']);
  });

  it('treats a reference without tag or digest as :latest', () => {
    expect(liveOf(ref(`${HOST}/web`))).toEqual(['web@1']);
  });

  it('keeps both the pinned digest and the digest its tag points at now', () => {
    expect(liveOf(ref(`${HOST}/web:v2@${D1}`))).toEqual(['web@1', 'web@2']);
    expect(liveOf(ref(`${HOST}/web:v2`, D1))).toEqual(['web@1', 'web@2']);
  });

  it('protects a digest-only reference in its own repository only', () => {
    expect(liveOf(ref(`${HOST}/mirror@${D1}`))).toEqual(['mirror@1']);
  });

  it('makes a bare status digest live in every repository that holds it', () => {
    expect(liveOf(ref(D1))).toEqual(['mirror@1', 'web@1']);
    expect(liveOf(ref(`docker-pullable://${D3}`))).toEqual(['team/api@3']);
  });

  it('leaves other registries, accounts and regions, and bare digests held nowhere, out of the live set and out of the missing', () => {
    const result = resolveLiveReferences([
      ref('nginx:latest'),
      ref(`999999999999.dkr.ecr.${REGION}.amazonaws.com/web:v1`),
      ref(`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/web:v1`, D1),
      ref(`sha256:${hex('9')}`),
    ], inventory);
    expect(result).toEqual({ live: [], missing: [] });
  });

  it('reports a tag, digest or repository that resolves to nothing as missing, and keeps what does resolve', () => {
    const missingTag = ref(`${HOST}/web:v9`);
    const missingDigest = ref(`${HOST}/web@${D3}`);
    const missingRepository = ref(`${HOST}/gone:v1`);
    const halfMissing = ref(`${HOST}/web:v9`, D2);
    const result = resolveLiveReferences([missingTag, missingDigest, missingRepository, halfMissing], inventory);
    expect(result.missing).toEqual([
      { region: REGION, repository: 'web', tag: 'v9', reference: missingTag },
      { region: REGION, repository: 'web', digest: D3, reference: missingDigest },
      { region: REGION, repository: 'gone', tag: 'v1', reference: missingRepository },
      { region: REGION, repository: 'web', tag: 'v9', reference: halfMissing },
    ]);
    expect(result.live).toEqual([{ region: REGION, repository: 'web', digest: D2, reference: halfMissing }]);
  });

  it('reports a malformed reference to this registry as missing rather than foreign', () => {
    const result = resolveLiveReferences([ref(`${HOST}/Web:v1`)], inventory);
    expect(result.missing).toHaveLength(1);
    expect(result.live).toEqual([]);
  });

  it('resolves a tag the listing showed on two digests (a listing that raced a push) to both of them', () => {
    // The old digest is listed first with `prod`, the push moves `prod`, the new digest is listed later with it too.
    const raced: Inventory = { ...inventory, images: [record('web', D1, ['prod']), record('web', D2, ['prod', 'v2'])] };
    for (const images of [raced.images, [...raced.images].reverse()]) {
      const result = resolveLiveReferences([ref(`${HOST}/web:prod`)], { ...raced, images });
      expect(result.live.map((l) => l.digest).sort()).toEqual([D1, D2]);
      expect(result.missing).toEqual([]);
    }
  });

  it.each([
    ['a missing tag and a missing pinned digest', `${HOST}/web:v9@sha256:${hex('9')}`, undefined],
    ['a missing tag and a missing resolved digest', `${HOST}/web:v9`, `sha256:${hex('9')}`],
    ['a repository that does not exist, by tag and digest', `${HOST}/gone:v1@${D1}`, undefined],
    ['a missing digest in the string and as resolved, spelled in two cases', `${HOST}/web@SHA256:${hex('A')}`, `sha256:${hex('a')}`],
    ['a missing pinned digest and another missing resolved digest', `${HOST}/web@sha256:${hex('8')}`, `sha256:${hex('9')}`],
  ])('lists a reference with %s as missing once', (_case, image, digest) => {
    const reference = ref(image, digest);
    const result = resolveLiveReferences([reference], inventory);
    expect(result.missing).toHaveLength(1);
    expect(result.missing[0]?.reference).toBe(reference);
  });

  const hostForms = [HOST, `${ACCOUNT}.dkr-ecr.${REGION}.on.aws`, `${ACCOUNT}.dkr.ecr-fips.${REGION}.amazonaws.com`];

  it('resolves any reference built from an inventory image, by tag or by digest, to that image', () => {
    // Digests unique by construction (salt + position); tags unique per image by their suffix.
    const arbitraryInventory = fc.tuple(fc.nat(), fc.array(fc.record({
      repository: fc.constantFrom('web', 'team/api', 'a/b/c'),
      tags: fc.uniqueArray(fc.constantFrom('v1', 'latest', 'prd', 'git-0a1b2c3d', 'pr-7_x.y'), { maxLength: 3 }),
    }), { minLength: 1, maxLength: 30 })).map(([salt, shapes]) => shapes.map((shape, i) => ({
      repository: shape.repository,
      digest: `sha256:${(salt + i).toString(16).padStart(64, '0')}`,
      tags: shape.tags.map((t) => `${t}-${i}`),
    })));
    fc.assert(fc.property(arbitraryInventory, fc.nat(), fc.nat(), fc.boolean(), (images, pick, hostPick, byTag) => {
      const records = images.map((i) => record(i.repository, i.digest, i.tags));
      const target = records[pick % records.length] as ImageRecord;
      const host = hostForms[hostPick % hostForms.length];
      const tag = target.tags[0];
      const image = byTag && tag ? `${host}/${target.repository}:${tag}` : `${host}/${target.repository}@${target.digest}`;
      const result = resolveLiveReferences([ref(image)], { ...inventory, images: records });
      expect(result.missing).toEqual([]);
      expect(result.live.map((l) => [l.repository, l.digest])).toEqual([[target.repository, target.digest]]);
    }), { numRuns: 300 });
  });

  it('resolves 10k references against 100k images, by tag and by digest, all live and none missing', () => {
    const images = Array.from({ length: 100_000 }, (_, i) =>
      record(`repo-${i % 1000}`, `sha256:${i.toString(16).padStart(64, '0')}`, i % 4 === 0 ? [`t${i}`] : []));
    const refs = Array.from({ length: 10_000 }, (_, i) => i % 2
      ? ref(`${HOST}/repo-${(i * 4) % 1000}:t${i * 4}`)
      : ref(`${HOST}/repo-${i % 1000}@sha256:${i.toString(16).padStart(64, '0')}`));
    const result = resolveLiveReferences(refs, { ...inventory, images });
    expect(result.live).toHaveLength(10_000);
    expect(result.missing).toHaveLength(0);
  });
});
