import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How the handler is bundled, in esbuild's own terms, so that tests and benchmarks that bundle the handler
 * themselves (`esbuild.build({ ...HANDLER_ESBUILD_OPTIONS, entryPoints, outfile })`) measure what Lambda runs.
 */
export const HANDLER_ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  sourcemap: true,
  // File and line numbers are enough in stack traces; embedding the sources would more than double the map.
  sourcesContent: false,
  // Prefer packages' ESM builds: esbuild tree-shakes them (the SDK clients, zod), which measured 3.7 → 3.2 MB and a
  // third less module-load time for the handler. The output is still CommonJS.
  mainFields: ['module', 'main'],
} as const;

/** The same options for NodejsFunction, which runs the local esbuild (never Docker). */
export const HANDLER_BUNDLING: nodejs.BundlingOptions = {
  // Ship the SDK version the tests ran against: the runtime's may lack newer ECR fields and APIs.
  bundleAwsSDK: true,
  target: HANDLER_ESBUILD_OPTIONS.target,
  format: nodejs.OutputFormat.CJS,
  minify: HANDLER_ESBUILD_OPTIONS.minify,
  sourceMap: HANDLER_ESBUILD_OPTIONS.sourcemap,
  sourcesContent: HANDLER_ESBUILD_OPTIONS.sourcesContent,
  mainFields: [...HANDLER_ESBUILD_OPTIONS.mainFields],
};
