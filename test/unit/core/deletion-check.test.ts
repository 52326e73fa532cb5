/** The last word on each deletion, said right before its call: what the deleter just read decides, by these rules. */
import { changedSincePlanning, unmetParent, type ObservedImage } from '../../../lambda/core/deletion-check';
import type { Deletion } from '../../../lambda/core/plan';

const deletion: Deletion = { region: 'us-east-1', repository: 'app', digest: 'sha256:aa', expectedTags: ['v1', 'rc'], wave: 1, follows: [{ repository: 'app', digest: 'sha256:p1' }, { repository: 'images', digest: 'sha256:p2' }], sizeBytes: 10 };

describe('a deletion still goes ahead', () => {
  it.each<[string, ObservedImage | undefined, boolean, string | undefined]>([
    ['with the same tags, in any order', { tags: ['rc', 'v1'], status: 'ACTIVE' }, false, undefined],
    ['not when a tag was added', { tags: ['v1', 'rc', 'prd'], status: 'ACTIVE' }, false, 'tags changed since planning: planned [v1, rc], now [v1, rc, prd]'],
    ['not when a tag was removed', { tags: ['v1'], status: 'ACTIVE' }, false, 'tags changed since planning: planned [v1, rc], now [v1]'],
    ['not when it is gone', undefined, false, 'no longer in the repository'],
    ['not when it was archived since planning', { tags: ['v1', 'rc'], status: 'ARCHIVED' }, false, 'no longer an active image (ARCHIVED)'],
    ['not when it is being restored', { tags: ['v1', 'rc'], status: 'ACTIVATING' }, false, 'no longer an active image (ACTIVATING)'],
    ['not twice in one call', { tags: ['v1', 'rc'], status: 'ACTIVE' }, true, 'requested twice in one call'],
  ])('%s', (_name, observed, repeated, reason) => {
    expect(changedSincePlanning(deletion, observed, repeated)).toBe(reason);
  });

  it.each<[string, string[], string | undefined]>([
    ['once every parent it follows was deleted in this run', ['app@sha256:p1', 'images@sha256:p2'], undefined],
    ['not while a parent in its own repository stays', ['images@sha256:p2'], 'its parent sha256:p1 was not deleted'],
    ['not while a parent in another repository stays', ['app@sha256:p1'], 'its parent images@sha256:p2 was not deleted'],
  ])('%s', (_name, deleted, reason) => {
    expect(unmetParent(deletion, new Set(deleted))).toBe(reason);
  });
});
