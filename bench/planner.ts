/**
 * Planner benchmark: 1,000,000 images in 10,000 repositories, 100,000 live references, 20 lineages over 5 policies,
 * with multi-arch indexes, referrers and protected tags mixed in. Prints figures; the last line is one JSON object.
 *   npm run bench:planner [-- --images 1000000 --repositories 10000 --live 100000]
 */
import { parseConfig } from '../lambda/config/parse';
import type { ImageRecord, Inventory, LiveDigest } from '../lambda/core/model';
import { plan } from '../lambda/core/planner';
import { randomFrom as random } from './e2e-random';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23);

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}


const POLICIES = 5;
const config = `
settings: { gracePeriod: 2d }
policies:
${Array.from({ length: POLICIES }, (_, p) => `
  - name: team-${p}
    repositories: ["team-${p}/**"]
    protect: ["prd", "latest", "v\\\\d+\\\\.\\\\d+\\\\.\\\\d+"]
    lineages:
      - { name: releases, tags: "tag-(?<major>\\\\d+)-(?<minor>\\\\d+)-(?<patch>\\\\d+)", orderBy: version, keep: { newest: 5 } }
      - { name: mainline, tags: "git-[0-9a-f]{8,40}", keep: { newest: 20, pushedWithin: 14d } }
      - { name: pull-requests, tags: "pr-(?<branch>[a-z0-9-]+)-[0-9a-f]{7,40}", groupBy: branch, keep: { newest: 2 } }
      - { name: nightly, tags: "nightly-(?<date>\\\\d{8})", orderBy: version, keep: { newest: 7 } }
    untagged: { keep: { pushedWithin: 1d } }
    unmatched: keep`).join('')}
`;

function generate(images: number, repositories: number, liveCount: number): { inventory: Inventory; live: LiveDigest[] } {
  const rand = random(42);
  const perRepository = Math.ceil(images / repositories);
  const records: ImageRecord[] = [];
  const repos = [];
  for (let r = 0; r < repositories; r++) {
    const name = `team-${r % POLICIES}/service-${r}`;
    repos.push({ name, registryId: '123456789012' });
    for (let i = 0; i < perRepository && records.length < images; i++) records.push(makeImage(name, rand));
    linkAttachments(records, records.length - perRepository, rand);
  }
  const live: LiveDigest[] = [];
  for (let l = 0; l < liveCount; l++) {
    const target = records[Math.floor(rand() * records.length)] as ImageRecord;
    live.push({ region: 'us-east-1', repository: target.repository, digest: target.digest, reference: { source: 'ecs', location: `ecs cluster/c${l % 50} task/${l}`, image: `${target.repository}@${target.digest}` } });
  }
  return { inventory: { accountId: '123456789012', region: 'us-east-1', repositories: repos, images: records }, live };
}

function makeImage(repository: string, rand: () => number): ImageRecord {
  const bytes = Buffer.allocUnsafe(32);
  for (let word = 0; word < 8; word++) bytes.writeUInt32BE(Math.floor(rand() * 0x100000000), word * 4);
  // Flat strings, as JSON.parse gives them in a real run (concatenation would leave ropes behind).
  const digest = `sha256:${bytes.toString('hex')}`.normalize();
  const kind = rand();
  const sha = Math.floor(rand() * 0xffffffff).toString(16).padStart(8, '0');
  let tags: string[];
  if (kind < 0.55) tags = [`git-${sha}`];
  else if (kind < 0.7) tags = [`tag-1-${Math.floor(rand() * 300)}-${Math.floor(rand() * 5)}`, `git-${sha}`];
  else if (kind < 0.85) tags = [`pr-branch-${Math.floor(rand() * 12)}-${sha}`];
  else if (kind < 0.9) tags = [`nightly-2026${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`];
  else tags = [];
  if (rand() < 0.01) tags.push('latest');
  return {
    repository, digest, tags,
    pushedAt: NOW - Math.floor(rand() * 120 * DAY),
    ...(rand() < 0.3 ? { lastPulledAt: NOW - Math.floor(rand() * 30 * DAY) } : {}),
    sizeBytes: 20_000_000 + Math.floor(rand() * 200_000_000),
    childDigests: [],
    status: rand() < 0.01 ? 'ARCHIVED' : 'ACTIVE',
  };
}

/** 3 % of images become indexes over the next two untagged images; 2 % get an OCI referrer. */
function linkAttachments(records: ImageRecord[], from: number, rand: () => number): void {
  for (let i = Math.max(0, from); i < records.length - 2; i++) {
    const roll = rand();
    const current = records[i] as ImageRecord;
    if (roll < 0.03) {
      records[i] = { ...current, childDigests: [records[i + 1]!.digest, records[i + 2]!.digest], manifestMediaType: 'application/vnd.oci.image.index.v1+json' };
      records[i + 1] = { ...records[i + 1]!, tags: [] };
      records[i + 2] = { ...records[i + 2]!, tags: [] };
      i += 2;
    } else if (roll < 0.05) {
      records[i + 1] = { ...records[i + 1]!, tags: [], subjectDigest: current.digest };
      i += 1;
    }
  }
}

function main(): void {
  const images = arg('images', 1_000_000);
  const started = performance.now();
  const { inventory, live } = generate(images, arg('repositories', 10_000), arg('live', 100_000));
  const generatedSeconds = (performance.now() - started) / 1000;
  const parsed = parseConfig([{ name: 'bench.yaml', text: config }]);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const lineages = parsed.config.policies.reduce((n, p) => n + p.lineages.length, 0);
  global.gc?.();
  const t0 = performance.now();
  const result = plan({ inventory, live, policies: parsed.config.policies, gracePeriodMs: parsed.config.settings.gracePeriodMs, now: NOW });
  const seconds = (performance.now() - t0) / 1000;
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  const s = result.summary;
  console.log(`generated ${inventory.images.length} images in ${inventory.repositories.length} repositories, ${live.length} live references, ${lineages} lineages (${generatedSeconds.toFixed(1)} s)`);
  console.log(`planned in ${seconds.toFixed(2)} s: ${s.kept} kept, ${s.deleted} to delete (${result.deletions.filter((d) => d.wave > 0).length} attachments in later waves)`);
  console.log(`keep reasons: ${JSON.stringify(s.keepReasons)}`);
  console.log(`peak RSS ${peakRssMB} MB (whole process, generation included)`);
  console.log(JSON.stringify({ bench: 'planner', images: inventory.images.length, seconds: Number(seconds.toFixed(3)), peakRssMB }));
}

main();
