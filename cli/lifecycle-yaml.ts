/**
 * Policy drafts (core/lifecycle/translate.ts) as one YAML config document, every note a comment above what it is
 * about. Written by hand rather than by a YAML library so that comments sit where a reader needs them; every scalar
 * is a JSON string, which YAML reads as the same string, so a regex's backslashes survive unchanged.
 */
import type { KeepDraft } from '../lambda/core/lifecycle/translate-rule';
import type { PolicyDraft } from '../lambda/core/lifecycle/translate';

export interface DocumentHeader {
  readonly region: string;
  readonly importedAt: number;
  /** Repositories whose policy could not be read, with why: named in the header, not imported. */
  readonly skipped: readonly { readonly repository: string; readonly error: string }[];
}

export function renderImportYaml(drafts: readonly PolicyDraft[], header: DocumentHeader): string {
  const lines = [
    `# Imported from the ECR lifecycle policies of region ${header.region} by \`ecr-retention lifecycle import\`, ${new Date(header.importedAt).toISOString()}.`,
    '# One config policy per distinct lifecycle policy. Check it with `ecr-retention lifecycle compare --config <this file>`,',
    '# then store it as an SSM parameter under the config path (e.g. /ecr-retention/50-lifecycle) beside your settings.',
    ...header.skipped.map(({ repository, error }) => `# NOT IMPORTED: ${repository}: its lifecycle policy could not be read: ${error}`),
    'policies:',
  ];
  for (const draft of drafts) lines.push(...policyLines(draft));
  return `${lines.join('\n')}\n`;
}

function policyLines(draft: PolicyDraft): string[] {
  const lines = [...comments(draft.notes, 2), `  - name: ${quote(draft.name)}`, `    repositories: [${draft.repositories.map(quote).join(', ')}]`];
  if (draft.lineages.length > 0) {
    lines.push('    lineages:');
    for (const lineage of draft.lineages) {
      lines.push(...comments(lineage.notes, 6), `      - name: ${quote(lineage.name)}`, `        tags: ${quote(lineage.tags)}`, `        keep: ${keepYaml(lineage.keep)}`);
    }
  }
  lines.push(...comments(draft.untranslated.map((note) => `NOT TRANSLATED: ${note}`), 4));
  const untagged = draft.untagged.value === 'keep' ? 'keep' : `{ keep: ${keepYaml(draft.untagged.value.keep)} }`;
  lines.push(...comments(draft.untagged.notes, 4), `    untagged: ${untagged}`);
  lines.push(...comments(draft.unmatched.notes, 4), `    unmatched: ${draft.unmatched.value}`);
  return lines;
}

function keepYaml(keep: KeepDraft): string {
  const parts = [keep.newest !== undefined ? `newest: ${keep.newest}` : '', keep.pushedWithin !== undefined ? `pushedWithin: ${keep.pushedWithin}` : ''].filter(Boolean);
  return `{ ${parts.join(', ')} }`;
}

function comments(notes: readonly string[], indent: number): string[] {
  return notes.map((note) => `${' '.repeat(indent)}# ${note.replace(/\n/g, ' ')}`);
}

function quote(text: string): string {
  return JSON.stringify(text);
}
