import { requiredActions } from './iam-actions';

describe('the IAM actions of the calls the cleaner makes', () => {
  it('refuses to guess the action of a call or an error answer nobody has looked up', () => {
    // HeadObject is authorized by s3:GetObject: a `<prefix>:<Operation>` guess would ask for an action that does not exist.
    expect(() => requiredActions({ operations: new Set(['s3.HeadObject']), errorAnswers: new Set() })).toThrow(/s3\.HeadObject/);
    expect(() => requiredActions({ operations: new Set(['s3.GetObject']), errorAnswers: new Set(['s3.GetObject AccessDenied']) }))
      .toThrow(/s3\.GetObject AccessDenied/);
  });

  it('asks s3:ListBucket for a journal read answered NoSuchKey, and nothing for GetCallerIdentity', () => {
    const observed = { operations: new Set(['s3.GetObject', 'sts.GetCallerIdentity']), errorAnswers: new Set(['s3.GetObject NoSuchKey']) };
    expect([...requiredActions(observed)].sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
  });
});
