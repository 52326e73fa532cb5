/**
 * A fixed estate for the jest table, to vary one exchange fault at a time: a registry in us-east-1 whose images are
 * live through each kind of workload, protected, the newest of the mainline, in grace, or deletable; three workload
 * accounts, two of them in other regions, exporting 2 h, 30 min and 5 h before the registry's run.
 */
import type { EstateSpec, ExchangeFault, RegistryImageSpec } from './estate-spec';
import { DAY, HOUR, MINUTE } from './policy-set';

const image = (tag: RegistryImageSpec['tag'], ageMs: number, pulledAgeMs?: number): RegistryImageSpec => ({ tag, ageMs, ...(pulledAgeMs !== undefined ? { pulledAgeMs } : {}) });

/**
 * Catalogue order (what `pick` counts): app/api 0–7, base/os 8–12. Live: 1, 2, 5 (ECS), 9 (task definition), 10
 * (Lambda, by digest). Protected: 3 (prd), 8 (latest). Newest git-…: 0, 9. In grace: 6 (pushed), 7 (pulled).
 * Deletable: 4, 11, 12.
 */
export const ESTATE: EstateSpec = {
  seed: 11,
  registryRegion: 'us-east-1',
  graceMinutes: 60,
  mainlineNewest: 1,
  maxAgeHours: 24,
  repositories: [
    {
      name: 'app/api',
      images: [
        image('git', 3 * DAY), image('git', 10 * DAY), image('git', 20 * DAY), image('prd', 90 * DAY), image('none', 30 * DAY),
        image('other', 15 * DAY), image('none', 20 * MINUTE), image('other', 12 * DAY, 30 * MINUTE),
      ],
    },
    { name: 'base/os', images: [image('latest', 100 * DAY), image('git', 5 * DAY), image('none', 40 * DAY), image('other', 3 * HOUR), image('git', 8 * DAY)] },
  ],
  workloads: [
    { region: 'eu-west-1', exportAgeMs: 2 * HOUR, references: [{ placement: 'ecs-service', pick: 1, form: 'tag' }, { placement: 'lambda', pick: 10, form: 'digest' }] },
    { region: 'us-east-1', exportAgeMs: 30 * MINUTE, references: [{ placement: 'ecs-task', pick: 5, form: 'tag+digest' }, { placement: 'batch', pick: 2, form: 'tag' }] },
    { region: 'ap-southeast-2', exportAgeMs: 5 * HOUR, references: [{ placement: 'ecs-task-definition', pick: 9, form: 'tag' }] },
  ],
  fault: { kind: 'none' },
};

export const ESTATE_DELETABLE = 3;

export const withFault = (fault: ExchangeFault): EstateSpec => ({ ...ESTATE, fault });

/** Two fresh builds and two rollbacks, deployed in the 5-hour-old account after its export. */
export const LATE_DEPLOYS: ExchangeFault = {
  kind: 'window', holder: 2,
  late: [
    { repository: 0, ageMs: 10 * MINUTE, tagged: true }, { repository: 1, ageMs: 40 * MINUTE, tagged: false },
    { repository: 0, ageMs: 7 * DAY, tagged: true }, { repository: 1, ageMs: 30 * DAY, tagged: false },
  ],
};
