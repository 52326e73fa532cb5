/** `ecr-retention demo` as a child process: the demo's two runs (plan, then delete) against its own emulators. */
import { BundledCli } from './bundled-cli';

let cli: BundledCli;
beforeAll(async () => void (cli = await BundledCli.build()), 60_000);
afterAll(() => cli?.dispose());

test('demo plans, emails, switches to delete mode and deletes exactly the planned digests', async () => {
  const { code, stdout, stderr } = await cli.run(['demo']);
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(stdout).toContain('== Run 1: mode plan (the default). Nothing is deleted; this is what would be.');
  expect(stdout).toContain('Subject: ecr-retention plan: would delete 14 images (1.5 GB), 2 missing live images');
  expect(stdout).toContain('Outcome: deleted; 14 deleted, 0 failed, 0 skipped.');
  expect(stdout).toContain('The registry lost exactly 14 digests; 28 remain.');
});
