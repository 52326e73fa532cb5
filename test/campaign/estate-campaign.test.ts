/**
 * The multi-account campaign, bounded for CI: estates of one registry account and one to three workload accounts
 * (often in other regions), each account's pipeline composed by the product's own wiring with its own credentials
 * against one emulated estate; every workload account exports, then the registry decides. The exchange meets one
 * fault per case, and the registry's ECR, report and email are judged against an oracle read from the emulated models
 * (estate-invariants.ts). `npm run campaign` runs many more.
 * CAMPAIGN_ESTATES (default 48) and CAMPAIGN_SEED replay a campaign; CAMPAIGN_SHRINK=1 shrinks a failure.
 */
import fc from 'fast-check';
import { runEstateCase } from './estate-case';
import { estateSpecArb, type ExchangeFault } from './estate-spec';
import { ESTATE, ESTATE_DELETABLE, LATE_DEPLOYS, withFault } from './estate-scenarios';
import { EstateTally } from './estate-tally';
import { HOUR } from './policy-set';

const ESTATES = Number(process.env.CAMPAIGN_ESTATES ?? 48);
const SEED = Number(process.env.CAMPAIGN_SEED ?? 20261123);
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

beforeAll(() => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
});

describe('a sound exchange: the registry deletes exactly what no export references and no rule keeps', () => {
  it.each<[string, ExchangeFault]>([
    ['no fault', { kind: 'none' }],
    ['a workload account trying to overwrite, delete and shadow another\'s export (denied)', { kind: 'foreign-write', attacker: 0, victim: 0 }],
    ['a workload account trying to overwrite the registry\'s own export (denied)', { kind: 'foreign-write', attacker: 1, victim: 2 }],
    ['S3 throttling and 5xx on 30 % of the registry\'s calls, ridden out by retries', { kind: 'exchange-flaky', rate: 0.3, attempts: 12 }],
  ])('%s', async (_name, fault) => {
    const outcome = await runEstateCase(withFault(fault), NOW);
    expect(outcome.violations).toEqual([]);
    expect(outcome.registry).toBe('deleted');
    expect(outcome.deleted).toBe(ESTATE_DELETABLE);
    if (fault.kind === 'foreign-write') expect(outcome.foreignWrites).toEqual({ attempted: 3, denied: 3 });
    expect(outcome.oldestExportAgeMs).toBe(5 * HOUR);
  });
});

describe('an expected export that cannot be relied on: nothing is deleted, and the alert names the account', () => {
  it.each<[string, ExchangeFault, RegExp]>([
    ['its run skipped', { kind: 'missing', victim: 0, how: 'run-skipped' }, /^blocked \(222222222222 missing\)$/],
    ['its object deleted', { kind: 'missing', victim: 1, how: 'object-deleted' }, /^blocked \(333333333333 missing\)$/],
    ['collected before maxAge', { kind: 'stale', victim: 2, beyondMaxAgeMs: HOUR }, /^blocked \(444444444444 stale\)$/],
    ['overwritten with a truncated document', { kind: 'malformed', victim: 0, junk: 'not-json' }, /^blocked \(222222222222 malformed\)$/],
    ['overwritten with JSON that is no export', { kind: 'malformed', victim: 1, junk: 'not-an-export' }, /^blocked \(333333333333 malformed\)$/],
    ['a valid export under another account\'s key', { kind: 'malformed', victim: 2, junk: 'wrong-id' }, /^blocked \(444444444444 malformed\)$/],
    ['of a schema version the reader does not know', { kind: 'malformed', victim: 0, junk: 'unknown-version' }, /^blocked \(222222222222 unknown-version\)$/],
    ['incomplete: ECS failing in that account only', { kind: 'incomplete', victim: 0, service: 'ecs' }, /^blocked \(222222222222 incomplete\)$/],
    ['incomplete: Lambda failing in that account only', { kind: 'incomplete', victim: 1, service: 'lambda' }, /^blocked \(333333333333 incomplete\)$/],
    ['incomplete: Batch failing in that account only', { kind: 'incomplete', victim: 2, service: 'batch' }, /^blocked \(444444444444 incomplete\)$/],
    ['the bucket throttling every listing', { kind: 'exchange-unlistable', error: 'throttle' }, /^blocked \((\d{12} unreadable(, )?){3}\)$/],
    ['the bucket answering 500 to every listing', { kind: 'exchange-unlistable', error: 'server-error' }, /^blocked \((\d{12} unreadable(, )?){3}\)$/],
    ['every export unreadable (500)', { kind: 'exchange-unreadable', error: 'server-error' }, /^blocked \((\d{12} unreadable(, )?){3}\)$/],
    ['every export unreadable (throttled)', { kind: 'exchange-unreadable', error: 'throttle' }, /^blocked \((\d{12} unreadable(, )?){3}\)$/],
  ])('%s', async (_name, fault, ends) => {
    const outcome = await runEstateCase(withFault(fault), NOW);
    expect(outcome.violations).toEqual([]);
    expect(outcome.registry).toMatch(ends);
    expect(outcome.deleted).toBe(0);
  });
});

describe('the window (README "The window")', () => {
  it('a reference deployed after its account\'s export is invisible: its image is kept only by grace, and the report states the oldest export and its age', async () => {
    const outcome = await runEstateCase(withFault(LATE_DEPLOYS), NOW);
    expect(outcome.violations).toEqual([]);
    expect(outcome.late).toEqual({ 'in-grace kept': 2, 'in-grace deleted': 0, 'out-of-grace deleted': 2, 'out-of-grace kept': 0 });
    expect(outcome.windowMs).toBe(ESTATE.workloads[2]?.exportAgeMs);
    expect(outcome.oldestExportAgeMs).toBe(5 * HOUR);
    // The rollbacks' images are gone with the rest: the registry deleted what it could not know was pulled.
    expect(outcome.deleted).toBe(ESTATE_DELETABLE + 2);
  });
});

describe('random estates × random exchange faults', () => {
  it(`keep the invariants over ${ESTATES} estates`, async () => {
    const tally = new EstateTally();
    await fc.assert(fc.asyncProperty(estateSpecArb, async (spec) => {
      const outcome = await runEstateCase(spec, NOW);
      tally.add(outcome, spec.seed);
      expect(outcome.violations).toEqual([]);
    }), { numRuns: ESTATES, seed: SEED, endOnFailure: process.env.CAMPAIGN_SHRINK !== '1' });
    process.stdout.write(`${tally.lines().join('\n')}\n`);
    if (ESTATES >= 30) {
      // Not vacuous: sound estates delete, most fault kinds are drawn, and the window is measured both ways.
      expect(tally.deleted).toBeGreaterThan(ESTATES / 2);
      expect(Object.keys(tally.kinds).length).toBeGreaterThanOrEqual(8);
      expect(tally.late['in-grace kept']).toBeGreaterThan(0);
      expect(tally.late['out-of-grace deleted']).toBeGreaterThan(0);
    }
  }, 5 * 60_000);
});
