import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildSync } from 'esbuild';
import { HANDLER_ESBUILD_OPTIONS } from '../../lib/bundling';
import { EcrRetention } from '../../lib/ecr-retention';

// One bundled synth of the construct around a handler that imports an SDK client.
let bundle: string;
let app: App;
beforeAll(() => {
  app = new App();
  const stack = new Stack(app, 'BundleTest');
  new EcrRetention(stack, 'Cleaner', { notifyEmail: 'ops@example.com', entry: path.join(__dirname, 'fixtures', 'sdk-handler.ts') });
  const fn = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0]!;
  const assetHash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
  bundle = fs.readFileSync(path.join(app.synth().directory, `asset.${assetHash}`, 'index.js'), 'utf8');
});
afterAll(() => fs.rmSync(app.outdir, { recursive: true, force: true }));

/** SDK modules the bundle still loads at run time. The SDK's own error text quotes `[require("…")]`: not a load. */
function runtimeSdkRequires(code: string): string[] {
  const required = [...code.matchAll(/(?<!\[)require\(["'](@aws-sdk\/[^"']+)["']\)/g)].map((match) => match[1]!);
  return [...new Set(required)];
}

describe('the Lambda bundle', () => {
  it('ships the AWS SDK version the tests use instead of the runtime\'s', () => {
    expect(runtimeSdkRequires(bundle)).toEqual([]);
    // The client's Smithy service id and the operation are in the bundle: the client code itself is.
    expect(bundle.includes('AWSSecurityTokenServiceV20110615')).toBe(true);
    expect(bundle.includes('"GetCallerIdentity"')).toBe(true);
  });

  it('is CommonJS', () => {
    expect(/module\.exports=/.test(bundle)).toBe(true);
    expect(/^import /m.test(bundle)).toBe(false);
  });
});

describe('what the shipped handler is built from', () => {
  // The real handler, bundled with the deployment's options; the metafile lists every input file that went in.
  const inputs = () => {
    const result = buildSync({
      ...HANDLER_ESBUILD_OPTIONS, mainFields: [...HANDLER_ESBUILD_OPTIONS.mainFields], entryPoints: [path.join(__dirname, '../../lambda/handler.ts')],
      write: false, outdir: 'out', metafile: true, logLevel: 'error',
    });
    return Object.keys(result.metafile.inputs);
  };

  it('contains no test-only dependency (the AGPL IAM evaluator) and nothing of the tests or the emulator', () => {
    const files = inputs();
    expect(files.some((file) => file.includes('node_modules/@aws-sdk/client-s3/'))).toBe(true);
    expect(files.filter((file) => /@cloud-copilot|(^|\/)(test|emulator|demo|bench)\//.test(file))).toEqual([]);
  });
});
