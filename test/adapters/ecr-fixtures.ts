/** Builders for ECR tests: emulated images and repositories, and real SDK clients pointed at the emulator. */
import { createHash } from 'node:crypto';
import { ECRClient } from '@aws-sdk/client-ecr';
import { STSClient } from '@aws-sdk/client-sts';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import type { EmuImage, EmuRepository } from '../../emulator/aws/account';
import type { AwsEmulator } from '../../emulator/aws/server';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const IMAGE_CONFIG = 'application/vnd.oci.image.config.v1+json';
const T0 = Date.UTC(2026, 0, 1);

export function digestOf(seed: string): string {
  return `sha256:${createHash('sha256').update(seed).digest('hex')}`;
}

export function image(seed: string, overrides: Partial<EmuImage> = {}): EmuImage {
  return {
    digest: digestOf(seed),
    tags: [],
    pushedAt: T0 + seed.length * 60_000,
    sizeBytes: 1000 + seed.length,
    manifestMediaType: OCI_MANIFEST,
    artifactMediaType: IMAGE_CONFIG,
    ...overrides,
  };
}

/** An index and its per-platform children, children first as a registry receives them. */
export function multiArch(seed: string, tags: string[], platforms = 2, mediaType = OCI_INDEX): EmuImage[] {
  const children = Array.from({ length: platforms }, (_, i) => image(`${seed}/platform-${i}`,
    { manifestMediaType: mediaType === DOCKER_LIST ? DOCKER_MANIFEST : OCI_MANIFEST }));
  const index = image(seed, { tags, manifestMediaType: mediaType, childDigests: children.map((c) => c.digest) });
  delete index.artifactMediaType;
  return [...children, index];
}

export function repository(name: string, images: EmuImage[]): EmuRepository {
  return { name, createdAt: T0, images };
}

export interface ClientOptions {
  readonly region?: string;
  readonly maxAttempts?: number;
  readonly fixedBackoffMs?: number;
}

export function ecrClient(emulator: AwsEmulator, options: ClientOptions = {}): ECRClient {
  return new ECRClient(settings(emulator, options));
}

export function stsClient(emulator: AwsEmulator, options: ClientOptions = {}): STSClient {
  return new STSClient(settings(emulator, options));
}

function settings(emulator: AwsEmulator, options: ClientOptions) {
  return commonClientConfig({
    region: options.region ?? REGION,
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' },
    maxAttempts: options.maxAttempts ?? 4,
    fixedBackoffMs: options.fixedBackoffMs ?? 2,
  });
}

/** Runs `effect` right before every call of `commandName` the client sends: a race with the outside world. */
/** Runs `effect` before each send of the command (or only those whose input `when` accepts). */
export function beforeSending(client: ECRClient, commandName: string, effect: () => void, when: (input: Record<string, unknown>) => boolean = () => true): void {
  client.middlewareStack.add((next, context) => async (args) => {
    if (context.commandName === commandName && when(args.input as Record<string, unknown>)) effect();
    return next(args);
  }, { step: 'initialize' });
}
