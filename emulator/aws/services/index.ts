/** Every emulated service. A service file exports one ServiceDefinition; register it here. */
import type { ServiceDefinition } from '../service';
import { account } from './account';
import { batch } from './batch';
import { ecr } from './ecr';
import { ecs } from './ecs';
import { eks } from './eks';
import { events } from './events';
import { lambda } from './lambda';
import { s3 } from './s3';
import { scheduler } from './scheduler';
import { sns } from './sns';
import { ssm } from './ssm';
import { sts } from './sts';

export const allServices: readonly ServiceDefinition[] = [sts, ecr, lambda, batch, ssm, sns, eks, ecs, events, scheduler, s3, account];
