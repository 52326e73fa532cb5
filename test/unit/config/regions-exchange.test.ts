/** settings.regions and settings.exchange: what they compile to, and the errors that name what is wrong. */
import { formatConfigIssues, parseConfig } from '../../../lambda/config/parse';

const settingsOf = (yaml: string) => {
  const result = parseConfig([{ name: '/ecr-retention/config', text: yaml }]);
  if (!result.ok) throw new Error(formatConfigIssues(result.errors));
  return result.config.settings;
};
const issuesOf = (yaml: string) => {
  const result = parseConfig([{ name: '/ecr-retention/config', text: yaml }]);
  return result.ok ? [] : result.errors.map((issue) => `${issue.path}: ${issue.message}`);
};

describe('settings.regions and settings.exchange', () => {
  it.each<[string, string, unknown]>([
    ['absent: the deployment decides', 'settings: {}', undefined],
    ['a list, without duplicates', 'settings: { regions: [us-east-1, eu-west-1, us-east-1] }', ['us-east-1', 'eu-west-1']],
    ['"*": every enabled region', 'settings: { regions: "*" }', 'all'],
  ])('regions %s', (_name, yaml, regions) => {
    expect(settingsOf(yaml).regions).toEqual(regions);
  });

  it('compiles the exchange with a 1-day maxAge by default', () => {
    expect(settingsOf('settings: { exchange: { bucket: org-live, expect: ["222222222222", "111111111111-onprem"] } }').exchange)
      .toEqual({ bucket: 'org-live', expect: ['222222222222', '111111111111-onprem'], maxAgeMs: 86_400_000 });
    expect(settingsOf('settings: { exchange: { expect: ["222222222222"], maxAge: 12h } }').exchange).toEqual({ expect: ['222222222222'], maxAgeMs: 43_200_000 });
  });

  it('names every wrong field at once', () => {
    expect(issuesOf('settings: { regions: [us-east-1, Mars], exchange: { bucket: "Bad_Bucket", expect: ["../x"], maxAge: soon, typo: 1 } }')).toEqual([
      'settings.regions[1]: must be a region name such as eu-west-1',
      'settings.exchange.bucket: must be an S3 bucket name',
      'settings.exchange.expect[0]: must be an account id, or an export id such as 111111111111-onprem (letters, digits, . _ -)',
      expect.stringMatching(/^settings\.exchange\.maxAge: /),
      expect.stringMatching(/^settings\.exchange(\.typo)?: .*typo/),
    ]);
  });
});
