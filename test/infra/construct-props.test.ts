/** The construct's opt-in props, synthesized without bundling: what each adds to the template, and what it refuses. */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EcrRetention, type EcrRetentionProps } from '../../lib/ecr-retention';
import { NO_BUNDLING } from './support';

function synth(props: Partial<EcrRetentionProps>): Template {
  const stack = new Stack(new App({ context: NO_BUNDLING }), 'Props');
  new EcrRetention(stack, 'Cleaner', { notifyEmail: 'ops@example.com', ...props });
  return Template.fromStack(stack);
}

describe('reservedConcurrency', () => {
  it('reserves the concurrency asked for, and none when left out', () => {
    synth({ reservedConcurrency: 2 }).hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 2 });
    const fn = Object.values(synth({}).findResources('AWS::Lambda::Function'))[0]!;
    expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it.each([0, -1, 1.5])('refuses %p at synth: 0 would stop every run', (value) => {
    expect(() => synth({ reservedConcurrency: value })).toThrow(/reservedConcurrency .* at least 1/);
  });
});
