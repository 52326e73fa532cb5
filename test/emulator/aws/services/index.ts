/** Every emulated service. A service file exports one ServiceDefinition; register it here. */
import type { ServiceDefinition } from '../service';
import { ecr } from './ecr';
import { eks } from './eks';
import { sts } from './sts';

export const allServices: readonly ServiceDefinition[] = [sts, ecr, eks];
