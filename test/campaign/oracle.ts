/**
 * What must survive every run, worked out from the generated account and the policy set alone (own regexes, own
 * ranking, own attachment graph; nothing from lambda/): images a planted reference means, protected tags, images in
 * grace, archived images, images of ungoverned repositories, the newest N of each lineage group — and everything in
 * the closure (index children, referrers, cosign signatures) of any of those.
 */
import type { EmuImage } from '../../emulator/aws/account';
import type { CampaignAccount } from './account-builder';
import { governingRule, type LineageRule, type PolicyRule, type PolicySet } from './policy-set';

/** `repository@digest` → why it must survive. */
export type MustSurvive = Map<string, string>;

const COSIGN_TAG = /^sha256-([0-9a-f]{64})\.(?:sig|att|sbom)$/;

export function mustSurvive(account: CampaignAccount, now: number): MustSurvive {
  const live = new Set(account.references.flatMap((r) => r.targets.map((t) => `${t.repository}@${t.digest}`)));
  return mustSurviveIn(account.spec.policySet, account.aws.ecr.repositories, live, now);
}

/** The same for any registry and live set (`repository@digest`): the multi-account campaign's registry. */
export function mustSurviveIn(set: PolicySet, repositories: readonly { name: string; images: readonly EmuImage[] }[], live: ReadonlySet<string>, now: number): MustSurvive {
  const graceMs = set.graceMinutes * 60_000;
  const result: MustSurvive = new Map();
  for (const repository of repositories) {
    const rule = governingRule(set, repository.name);
    const own = new Map<string, string>();
    for (const image of repository.images) {
      const reason = ownReason(image, rule, live.has(`${repository.name}@${image.digest}`), graceMs, now);
      if (reason) own.set(image.digest, reason);
    }
    for (const lineage of rule?.lineages ?? []) {
      for (const digest of newestOf(repository.images, lineage)) if (!own.has(digest)) own.set(digest, `newest ${lineage.newest} of lineage ${lineage.name}`);
    }
    for (const [digest, reason] of withClosure(repository.images, own)) result.set(`${repository.name}@${digest}`, reason);
  }
  return result;
}

function ownReason(image: EmuImage, rule: PolicyRule | undefined, live: boolean, graceMs: number, now: number): string | undefined {
  if (!rule) return 'ungoverned repository';
  if (live) return 'live (a planted reference means it)';
  const protectedTag = image.tags.find((tag) => rule.protect.some((source) => anchored(source).test(tag)));
  if (protectedTag) return `protected tag ${protectedTag}`;
  if (now - image.pushedAt < graceMs) return 'pushed within the grace period';
  if (image.lastPulledAt !== undefined && now - image.lastPulledAt < graceMs) return 'pulled within the grace period';
  if ((image.status ?? 'ACTIVE') !== 'ACTIVE') return `archived (${image.status})`;
  return undefined;
}

const compiled = new Map<string, RegExp>();
function anchored(source: string): RegExp {
  let regex = compiled.get(source);
  if (!regex) compiled.set(source, (regex = new RegExp(`^(?:${source})$`)));
  return regex;
}

/** The first `newest` digests of each group of the lineage, ranked by push time or by their best version. */
function newestOf(images: readonly EmuImage[], lineage: LineageRule): string[] {
  const groups = new Map<string, Map<string, { image: EmuImage; version: number[] }>>();
  for (const image of images) {
    for (const tag of image.tags) {
      const match = anchored(lineage.tags).exec(tag);
      if (!match) continue;
      const captures = match.groups ?? {};
      const group = lineage.groupBy ? captures[lineage.groupBy] ?? '' : '';
      const version = Object.entries(captures).filter(([name]) => name !== lineage.groupBy).map(([, value]) => Number(value));
      const members = groups.get(group) ?? new Map();
      groups.set(group, members);
      const member = members.get(image.digest);
      if (!member || compareVersions(version, member.version) > 0) members.set(image.digest, { image, version });
    }
  }
  return [...groups.values()].flatMap((members) => [...members.values()]
    .sort((a, b) => (lineage.orderBy === 'version' ? compareVersions(b.version, a.version) : b.image.pushedAt - a.image.pushedAt))
    .slice(0, lineage.newest)
    .map((member) => member.image.digest));
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? -1) - (b[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Attachments of each digest present in the repository: index children, OCI referrers, cosign-tagged artifacts. */
export function attachmentsOf(images: readonly EmuImage[]): Map<string, string[]> {
  const present = new Set(images.map((image) => image.digest));
  const attachments = new Map<string, string[]>();
  const link = (parent: string, child: string) => {
    if (parent === child || !present.has(parent) || !present.has(child)) return;
    attachments.set(parent, [...(attachments.get(parent) ?? []), child]);
  };
  for (const image of images) {
    for (const child of image.childDigests ?? []) link(image.digest, child);
    if (image.subjectDigest) link(image.subjectDigest, image.digest);
    for (const tag of image.tags) {
      const subject = COSIGN_TAG.exec(tag)?.[1];
      if (subject) link(`sha256:${subject}`, image.digest);
    }
  }
  return attachments;
}

function withClosure(images: readonly EmuImage[], own: ReadonlyMap<string, string>): Map<string, string> {
  const attachments = attachmentsOf(images);
  const result = new Map(own);
  const queue = [...own.keys()];
  while (queue.length > 0) {
    const parent = queue.pop() as string;
    for (const child of attachments.get(parent) ?? []) {
      if (result.has(child)) continue;
      result.set(child, `in the closure of ${parent.slice(0, 19)}… (${result.get(parent)})`);
      queue.push(child);
    }
  }
  return result;
}
