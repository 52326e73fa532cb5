// Lint rules, and the import boundaries of DESIGN.md ("Architecture") enforced as errors. ESLint does not merge the
// options of one rule across config blocks (the last block wins), so each block lists every boundary of its files.
import tseslint from 'typescript-eslint';

const sdkAndClients = ['@aws-sdk/*', '@smithy/*', '@kubernetes/*', '@aws-lambda-powertools/*', 'aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'];
const nodeIo = ['fs', 'fs/*', 'node:*', 'http', 'https', 'net', 'child_process', 'os', 'process'];

/** What ships (the Lambda bundle, the CLI bundle, the CDK app) never contains the emulators, the demo or tests. */
const notShipped = { group: ['**/emulator/**', '**/demo/**', '**/test/**', '**/bench/**'], message: 'shipped code never imports the emulators, the demo, tests or benchmarks.' };
const noCdk = { group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', '**/lib/**'], message: 'lambda/ never imports CDK code.' };
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'dist/', 'coverage/', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['cli/**/*.ts', 'bin/cli.ts'],
    rules: restrict(notShipped),
  },
  {
    files: ['lambda/**/*.ts'],
    rules: restrict(notShipped, noCdk, { group: ['**/cli/**', '**/bin/**'], message: 'lambda/ never imports the CLI.' }),
  },
  {
    // The core is pure: no SDK or client library, no I/O, no environment, no clock. `now` is an argument.
    files: ['lambda/core/**/*.ts'],
    rules: {
      ...restrict(
        notShipped,
        { group: [...sdkAndClients, ...nodeIo], message: 'lambda/core is pure: no SDK, client library or I/O.' },
        { group: ['../adapters/**', '../config/**', '../report/**', '../run', '../collect', '../wiring', '../handler', '../ports'], message: 'lambda/core depends on nothing else in lambda/.' },
      ),
      'no-restricted-globals': ['error',
        { name: 'process', message: 'lambda/core is pure: pass values in.' },
        { name: 'setTimeout', message: 'lambda/core is pure: no timers.' },
        { name: 'fetch', message: 'lambda/core is pure: no I/O.' }],
      'no-restricted-syntax': ['error',
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'lambda/core is pure: `now` is an argument.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'lambda/core is pure: `now` is an argument.' },
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'lambda/core is deterministic.' }],
    },
  },
  {
    files: ['lambda/config/**/*.ts'],
    rules: restrict(notShipped, noCdk, { group: [...sdkAndClients, '../adapters/**', '../run', '../collect', '../wiring'], message: 'lambda/config parses and validates; loading is an adapter.' }),
  },
  {
    files: ['lib/**/*.ts', 'bin/app.ts'],
    rules: restrict(notShipped, { group: ['../lambda/*', '../../lambda/*', '**/lambda/**'], message: 'lib/ points NodejsFunction at the entry file; it never imports lambda/ code.' }),
  },
);
