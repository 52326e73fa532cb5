import type { Plan } from '../../../lambda/core/plan';
import { plan } from '../../../lambda/core/planner';
import { renderEmail, shouldNotify, subjectOf } from '../../../lambda/report/email';
import type { RunReport } from '../../../lambda/report/report';
import { DAY, NOW, digestOf, image, inventory, policy } from '../../support/core-builders';

function reportWith(partial: Partial<RunReport>): RunReport {
  return {
    runId: 'run-1', startedAt: NOW, finishedAt: NOW + 2500, outcome: 'planned', mode: 'plan', notify: 'changes',
    blockers: [], configIssues: [], errors: [], failedSources: [], notes: [], repositories: 3, images: 10, liveReferences: 4, importedReferences: 0, live: [], missing: [],
    ...partial,
  };
}

const manyDeletions = plan({
  inventory: inventory(Array.from({ length: 120 }, (_, i) => image({ repository: `repo-${String(i).padStart(3, '0')}`, digest: digestOf(`e${i}`), sizeBytes: 1_000_000 * (i + 1) }))),
  live: [], policies: [policy({ untagged: { kind: 'expire' } })], gracePeriodMs: DAY, now: NOW,
});

/** A plan-mode run: the recorder says what it would delete. */
const planned = (result: Plan): Partial<RunReport> => ({ plan: result, deletion: { kind: 'recorded', wouldDelete: result.deletions } });

describe('the report email', () => {
  it.each([
    ['a plan with deletions', reportWith(planned(manyDeletions)), 'ecr-retention plan: would delete 120 images (6.8 GB)'],
    ['a failed run', reportWith({ outcome: 'failed', errors: ['ECR inventory: could not read repository web'] }), 'ecr-retention FAILED: ECR inventory: could not read repository web'],
    ['a blocked run', reportWith({ outcome: 'blocked', blockers: [{ code: 'over-cap', deletions: 2000, cap: 1000 }] }), 'ecr-retention BLOCKED: over-cap'],
  ])('names the outcome in the subject: %s', (_name, report, subject) => {
    expect(subjectOf(report)).toBe(subject);
  });

  it('keeps the subject under 100 characters and free of line breaks', () => {
    const subject = subjectOf(reportWith({ outcome: 'failed', errors: [`${'x'.repeat(150)}\nsecond line`] }));
    expect(subject.length).toBeLessThan(100);
    expect(subject).not.toMatch(/[\r\n]/);
  });

  it('cuts long lists with "and N more"', () => {
    const { body } = renderEmail(reportWith(planned(manyDeletions)));
    expect(body).toContain('Would delete, per repository');
    expect(body).toContain('  repo-119: 1 of 1 images, 114 MB (policy test)');
    expect(body).toContain('  and 70 more');
  });

  it('lists missing live images with the workload that references them', () => {
    const missing = [{ region: 'us-east-1', repository: 'web', tag: 'v9', reference: { source: 'eks' as const, location: 'eks cluster/prod namespace/shop cronjob/report', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v9' } }];
    const report = reportWith({ missing });
    expect(renderEmail(report).body).toContain('eks cluster/prod namespace/shop cronjob/report -> 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v9 (no such tag in web: it will fail to pull)');
    expect(shouldNotify({ ...report, notify: 'errors' })).toBe(true);
  });

  it.each([
    ['always', 0, true],
    ['changes', 0, false],
    ['changes', 120, true],
    ['errors', 120, false],
  ] as const)('notify %s with %i deletions sends: %s', (notify, deletions, expected) => {
    const report = reportWith({ notify, plan: deletions ? manyDeletions : { ...manyDeletions, deletions: [] } });
    expect(shouldNotify(report)).toBe(expected);
  });

  it('after a deleting run, counts what was deleted, not what was planned: skipped and failed deletions are not in the subject or the deleted section', () => {
    const [first, second, third, fourth] = manyDeletions.deletions.filter((d) => ['repo-000', 'repo-001', 'repo-002', 'repo-003'].includes(d.repository));
    const deletions = [first, second, third, fourth].map((d) => d!);
    const report = reportWith({
      outcome: 'deleted', mode: 'delete', plan: { ...manyDeletions, deletions },
      deletion: {
        kind: 'performed',
        deleted: [deletions[0]!, deletions[3]!],
        skipped: [{ ...pick(deletions[1]!), reason: 'tags changed since planning: planned [], now [v2]' }],
        failed: [{ ...pick(deletions[2]!), code: 'InternalFailure', message: 'try again' }],
      },
    });
    // repo-000 is 1 MB and repo-003 is 4 MB: 5 MB left the registry; repo-001 (skipped) and repo-002 (failed) did not.
    expect(subjectOf(report)).toBe('ecr-retention deleted 2 images (4.8 MB), 1 failed');
    const { body } = renderEmail(report);
    expect(body).toContain('Deleted, per repository\n  repo-003: 1 of 1 images, 3.8 MB (policy test)\n  repo-000: 1 of 1 images, 977 KB (policy test)\n');
    expect(body).not.toMatch(/^ {2}repo-00[12]: /m);
    expect(body).toContain('SKIPPED: repo-001@');
    expect(body).toContain('DELETE FAILED: repo-002@');
  });

  it('says which policies govern no repository, so a shadowed protect pattern does not go unnoticed', () => {
    const report = reportWith({ plan: { ...manyDeletions, idlePolicies: [{ name: 'team-a', document: '/ecr-retention/10-team-a' }] } });
    expect(renderEmail(report).body).toContain('  policy team-a (/ecr-retention/10-team-a) governs no repository: its rules and protect patterns apply nowhere');
  });

  it('lists what the sources noted, which are facts and not failures', () => {
    const notes = [{ source: 'ecs' as const, message: 'rule nightly targets task definition report:3, which can no longer run: not live' }];
    const report = reportWith({ notes });
    expect(renderEmail(report).body).toContain('Notes\n  ecs: rule nightly targets task definition report:3, which can no longer run: not live\n');
    expect(shouldNotify({ ...report, notify: 'changes' })).toBe(false);
  });
});

function pick(deletion: { repository: string; digest: string; sizeBytes: number }) {
  return { repository: deletion.repository, digest: deletion.digest, sizeBytes: deletion.sizeBytes };
}
