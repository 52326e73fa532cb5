/** Plan bytes: what deleting frees, counted on manifests, never again on the index that lists them. */
import type { ImageRecord } from '../../../lambda/core/model';
import type { Decision } from '../../../lambda/core/plan';
import { summarize } from '../../../lambda/core/summary';

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

function deleted(image: Partial<ImageRecord> & { digest: string }): Decision {
  const record: ImageRecord = { repository: 'web', tags: [], pushedAt: 0, sizeBytes: 0, childDigests: [], status: 'ACTIVE', ...image };
  return { region: 'us-east-1', repository: 'web', policy: 'p', image: record, action: 'delete', reasons: [] };
}

describe('plan bytes', () => {
  it('counts an index deleted with its members as 0 extra bytes: ECR sizes an index as its largest member', () => {
    // imageSizeInBytes of an index is "the max size of all manifests in the list" (ImageDetail, ECR API reference).
    const members = [deleted({ digest: digest(1), sizeBytes: 300 }), deleted({ digest: digest(2), sizeBytes: 500 })];
    const index = deleted({ digest: digest(3), sizeBytes: 500, childDigests: [digest(1), digest(2)], manifestMediaType: 'application/vnd.oci.image.index.v1+json' });
    const summary = summarize([...members, index], 0);
    expect(summary.bytesDeleted).toBe(800);
    expect(summary.repositories).toEqual([expect.objectContaining({ repository: 'web', deleted: 3, bytesDeleted: 800 })]);
  });
});
