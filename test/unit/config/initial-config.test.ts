import { defaultInitialConfig } from '../../../lib/initial-config';
import { formatConfigIssues, parseConfig } from '../../../lambda/config/parse';

describe('the SSM document the stack installs', () => {
  it('is a valid config in plan mode with every live source on and nothing governed', () => {
    const result = parseConfig([{ name: '/ecr-retention/config', text: defaultInitialConfig('/ecr-retention/') }]);
    if (!result.ok) throw new Error(formatConfigIssues(result.errors));
    expect(result.config.settings.mode).toBe('plan');
    expect(result.config.settings.live).toEqual({ ecs: { clusters: ['*'], keepTaskDefinitionRevisions: 5 }, eks: { clusters: ['*'] }, lambda: true, batch: true });
    expect(result.config.policies).toEqual([]);
  });
});
