/**
 * A config problem as the user sees it: which document, which field, what is wrong. Its own module because every
 * stage of reading a config (parse, merge, compile) reports them, and none of those stages should import another
 * just for this type.
 */

export interface ConfigIssue {
  readonly document: string;
  /** Path to the field, e.g. `policies[0].lineages[1].groupBy`; empty for the document as a whole. */
  readonly path: string;
  readonly message: string;
}

/** One line per issue: `<document>: <path>: <message>`. */
export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => `${i.document}: ${i.path || '(document)'}: ${i.message}`).join('\n');
}
