// Lint rules, and the import boundaries of DESIGN.md ("Architecture") enforced as errors.
import tseslint from 'typescript-eslint';

const sdkAndClients = ['@aws-sdk/*', '@smithy/*', '@kubernetes/*', '@aws-lambda-powertools/*', 'aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'];
const nodeIo = ['fs', 'fs/*', 'node:*', 'http', 'https', 'net', 'child_process', 'os', 'process'];

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
    // The core is pure: no SDK or client library, no I/O, no environment, no clock. `now` is an argument.
    files: ['lambda/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...sdkAndClients, ...nodeIo], message: 'lambda/core is pure: no SDK, client library or I/O.' },
          { group: ['../adapters/*', '../config/*', '../run', '../handler'], message: 'lambda/core depends on nothing else in lambda/.' },
        ],
      }],
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
    ignores: ['lambda/config/ssm-*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...sdkAndClients, '../adapters/*', '../run'], message: 'lambda/config parses and validates; loading is an adapter.' }] }],
    },
  },
  {
    files: ['lambda/**/*.ts'],
    ignores: ['lambda/core/**', 'lambda/config/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', '../lib/*', '../../lib/*'], message: 'lambda/ never imports CDK code.' }] }],
    },
  },
  {
    files: ['lib/**/*.ts', 'bin/app.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../lambda/*', '../../lambda/*', '**/lambda/**'], message: 'lib/ points NodejsFunction at the entry file; it never imports lambda/ code.' }] }],
    },
  },
);
