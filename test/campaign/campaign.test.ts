/**
 * The fault campaign, bounded for CI. Each case runs the real pipeline (real SDK clients over HTTP, the EKS source
 * over HTTPS) in delete mode three ways — clean, under faults (killed and restarted when the plan says so), and again
 * once the faults are cleared — and checks the ECR state the emulator is left with against the invariants
 * (invariants.ts). `npm run campaign` runs ≥ 10,000 of the random cases.
 * CAMPAIGN_RUNS (default 40) and CAMPAIGN_SEED replay a campaign; CAMPAIGN_SHRINK=1 shrinks a failure.
 */
import fc from 'fast-check';
import { issueTestCertificates, type TestCertificates } from '../../emulator/k8s/certificates';
import { caseArb, runCase, type CaseEnvironment } from './campaign-case';
import { AWS_SERVICES, type FaultPlan } from './fault-plan';
import { AWS_IMPATIENT, IMPATIENT, LIVE_CHILD_OF_DELETED_INDEX, QUIET, RICH_ACCOUNT, SIGNED_INDEX_UNDER_DEFAULTS } from './scenarios';
import { CampaignTally } from './tally';

const RUNS = Number(process.env.CAMPAIGN_RUNS ?? 40);
// A fixed default: CI runs the same 40 cases every time (a commit is green or not, never by luck); `npm run campaign`
// covers the space, and CAMPAIGN_SEED picks other cases.
const SEED = Number(process.env.CAMPAIGN_SEED ?? 20261123);
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

let env: CaseEnvironment;
beforeAll(() => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const certificates: TestCertificates = issueTestCertificates();
  env = { certificates, now: NOW };
});

const with_ = (change: Partial<FaultPlan>): FaultPlan => ({ ...QUIET, ...change });

describe('each fault alone, on an account that exercises every rule', () => {
  it.each<[string, FaultPlan, RegExp]>([
    ['no fault', QUIET, /^deleted$/],
    ['throttling on 30 % of every call', with_({ awsThrottle: true }), /^deleted$/],
    ['5xx on 15 % of the calls of ECR, ECS and EKS', with_({ awsServerErrors: ['ecr', 'ecs', 'eks'], awsServerErrorRate: 0.15 }), /^deleted$/],
    ['AWS calls that hang past the request timeout', with_({ awsHangs: 1, profile: AWS_IMPATIENT }), /^deleted$/],
    ['Kubernetes continue tokens that expire (410) twice', with_({ kube: [{ kind: 'expire-continue', rate: 1, remaining: 2 }] }), /^deleted$/],
    ['a Kubernetes continue token that keeps expiring', with_({ kube: [{ kind: 'expire-continue', rate: 1 }] }), /^blocked \(eks\)$/],
    ['Kubernetes 429 and 500 answers', with_({ kube: [{ kind: 'throttle', rate: 0.2 }, { kind: 'server-error', rate: 0.1 }] }), /^deleted$/],
    ['a hung Kubernetes list', with_({ kube: [{ kind: 'hang', rate: 1, remaining: 1 }], profile: IMPATIENT }), /^blocked \(eks\)$/],
    ['every ECS call failing', with_({ awsServerErrors: ['ecs'], awsServerErrorRate: 1 }), /^blocked \(ecs\)$/],
    ['half the BatchDeleteImage items failing', with_({ deleteItemFailureRate: 0.5 }), /^deleted$/],
    ['BatchDeleteImage answers lost after the deletions', with_({ lostAnswerRate: 0.5 }), /^deleted$/],
    ['the process killed before its first deletion', with_({ kill: { afterDigests: 0, answerLost: false } }), /^killed$/],
    ['the process killed after one digest, its answer lost', with_({ kill: { afterDigests: 1, answerLost: true } }), /^killed$/],
    ['the process killed after five digests', with_({ kill: { afterDigests: 5, answerLost: false } }), /^killed$/],
    ['all of it at once', with_({
      awsThrottle: true, awsServerErrors: [...AWS_SERVICES], awsServerErrorRate: 0.05, awsHangs: 1, profile: IMPATIENT, deleteItemFailureRate: 0.3, lostAnswerRate: 0.3,
      kube: [{ kind: 'expire-continue', rate: 0.3 }, { kind: 'throttle', rate: 0.1 }], kill: { afterDigests: 3, answerLost: true },
    }), /^(killed|deleted|blocked .*|failed .*)$/],
  ])('%s: nothing kept is deleted, nothing beyond the clean run, and the re-run converges', async (_name, plan, faultyEnds) => {
    const outcome = await runCase(RICH_ACCOUNT, plan, env);
    expect(outcome.violations).toEqual([]);
    expect(outcome.outcomes.faulty).toMatch(faultyEnds);
    expect(outcome.deletedByClean).toBe(10);
    if (plan !== QUIET) expect(Object.keys(outcome.faults)).not.toEqual([]);
  });
});

describe('runs after an interrupted or partial one converge, through the deletion journal', () => {
  it('a run killed once an index is gone: the next run deletes its members and signature, under the keep-everything defaults', async () => {
    const outcome = await runCase(SIGNED_INDEX_UNDER_DEFAULTS, with_({ kill: { afterDigests: 1, answerLost: false } }), env);
    expect(outcome.violations).toEqual([]);
    expect(outcome.outcomes).toMatchObject({ faulty: 'killed', restart: 'deleted' });
    expect(outcome.deletedUnderFaults).toBe(outcome.deletedByClean);
    expect(outcome.orphans.faulty).toBeGreaterThan(0); // the kill did leave the members behind for a while
  });

  it('a live member of a deleted index takes no place in the untagged ranking of later runs', async () => {
    const outcome = await runCase(LIVE_CHILD_OF_DELETED_INDEX, QUIET, env);
    expect(outcome.violations).toEqual([]);
    expect(outcome.outcomes).toMatchObject({ clean: 'deleted', faulty: 'deleted', rerun: 'deleted' });
    expect(outcome.orphans.clean).toBe(1); // the pinned platform manifest outlives its index
  });
});

describe('random accounts × random faults', () => {
  it(`keep the invariants over ${RUNS} cases`, async () => {
    const tally = new CampaignTally();
    await fc.assert(fc.asyncProperty(caseArb, async ([spec, plan]) => {
      const outcome = await runCase(spec, plan, env);
      tally.add(outcome, plan.seed);
      expect(outcome.violations).toEqual([]);
    }), { numRuns: RUNS, seed: SEED, endOnFailure: process.env.CAMPAIGN_SHRINK !== '1' });
    process.stdout.write(`${tally.lines().join('\n')}\n`);
    if (RUNS >= 20) {
      // Not vacuous: the clean runs delete, and most kinds of fault fire. (How many faulty runs still delete depends on
      // how fast the machine answers before the impatient timeouts; the table above asserts deleting under faults.)
      expect(tally.deletedByClean).toBeGreaterThan(RUNS);
      expect(Object.keys(tally.faults).length).toBeGreaterThanOrEqual(5);
    }
  }, 10 * 60_000);
});
