import { EcrRetentionConfigError } from './props-validation';

/**
 * `deletableRepositories` globs as IAM resource patterns for ecr:BatchDeleteImage, exactly or not at all.
 *
 * The globs mean what the config's `repositories` globs mean: `*` and `?` stay within one path segment, `**` crosses
 * segments (`**` followed by `/` may also match nothing). In an IAM ARN, `*` and `?` match any character, `/`
 * included, so `team-a/*` in IAM also allows `team-a/x/web`. Translated, therefore, so that IAM never allows more
 * than the glob says:
 * - a name without wildcards is its own ARN; `**` not followed by `/` is IAM `*` (both match any run of characters);
 * - a `**` followed by `/` is two patterns: without it, and with `*` + `/` in its place;
 * - `*` and `?` (only in globs without `**`) are IAM `*` and `?`, plus a Deny of every name where one of them spans a
 *   `/`: that wildcard replaced by `*` + `/` + `*` (for `*`) or by `/` (for `?`). A name the glob matches has exactly
 *   as many `/` as the glob has, and each Deny pattern needs one more, so the Deny removes exactly the excess.
 * A Deny binds every statement of the role, so a Deny pattern that may also match another glob's names is refused,
 * as is `*`/`?` mixed with `**` (the `/` count then proves nothing): the glob is refused at synth, with the reason.
 */
export interface DeletablePatterns {
  /** Resource-name patterns (after `repository/`) to allow ecr:BatchDeleteImage on. */
  readonly allow: readonly string[];
  /** Resource-name patterns to deny it on: the names where a one-segment wildcard would have spanned a `/`. */
  readonly deny: readonly string[];
}

/** The characters of ECR repository names (CreateRepository: lowercase letters, digits, `.`, `_`, `-`, `/`) and the wildcards. */
const GLOB_CHARACTERS = /^[a-z0-9._\-/*?]+$/;
/** `**` followed by `/` doubles the patterns: a few are plenty for real globs. */
const MAX_SEGMENT_LOOPS = 3;

export function deletablePatterns(globs: readonly string[]): DeletablePatterns {
  if (globs.length === 0) throw refuse('[]', 'lists no repository: leave the prop out to allow every repository of the account');
  const translated = globs.map((glob) => ({ glob, ...translate(glob) }));
  for (const { glob, deny } of translated) {
    for (const other of translated.filter((candidate) => candidate.glob !== glob)) {
      const clash = deny.find((pattern) => other.allow.some((allowed) => mayOverlap(pattern, allowed)));
      if (clash) {
        throw refuse(glob, `needs an IAM Deny on "${clash}", which may also match names of "${other.glob}"; list them in separate deployments or write names out`);
      }
    }
  }
  return { allow: unique(translated.flatMap((t) => t.allow)), deny: unique(translated.flatMap((t) => t.deny)) };
}

function translate(glob: string): DeletablePatterns {
  if (!GLOB_CHARACTERS.test(glob)) throw refuse(glob, 'is not a repository name glob (lowercase letters, digits, ".", "_", "-", "/", "*", "?")');
  if (/\*\*\*/.test(glob)) throw refuse(glob, 'has "***": write "**" (any run of characters) or "*" (within one segment)');
  const hasDoubleStar = glob.includes('**');
  const oneSegment = glob.replace(/\*\*/g, '').match(/[*?]/g) ?? [];
  if (hasDoubleStar && oneSegment.length > 0) {
    throw refuse(glob, 'mixes "**" with "*" or "?": IAM cannot keep the single-segment wildcard within its segment there');
  }
  if (hasDoubleStar) return { allow: expandSegmentLoops(glob), deny: [] };
  return { allow: [glob], deny: oneSegmentDenies(glob) };
}

/** `a/**` + `/b` → `a/b` and `a/*` + `/b`; a trailing or inner `**` not followed by `/` → `*`. */
function expandSegmentLoops(glob: string): string[] {
  const loops = glob.split('**/').length - 1;
  if (loops > MAX_SEGMENT_LOOPS) throw refuse(glob, `has more than ${MAX_SEGMENT_LOOPS} "**/"`);
  let patterns = [''];
  const parts = glob.split('**/');
  parts.forEach((part, index) => {
    const text = part.replace(/\*\*/g, '*');
    patterns = index === 0 ? [text] : patterns.flatMap((prefix) => [prefix + text, `${prefix}*/${text}`]);
  });
  return patterns;
}

/** For each `*` or `?` of a glob without `**`: the pattern of the names where it spans a `/`. */
function oneSegmentDenies(glob: string): string[] {
  const denies: string[] = [];
  [...glob].forEach((ch, index) => {
    if (ch === '*') denies.push(`${glob.slice(0, index)}*/*${glob.slice(index + 1)}`);
    if (ch === '?') denies.push(`${glob.slice(0, index)}/${glob.slice(index + 1)}`);
  });
  return denies;
}

/**
 * Whether two IAM patterns may match a common name; `false` only when certain: their literal starts (before the
 * first wildcard) or literal ends (after the last) cannot both hold.
 */
export function mayOverlap(a: string, b: string): boolean {
  const start = (p: string) => p.split(/[*?]/)[0]!;
  const end = (p: string) => p.split(/[*?]/).at(-1)!;
  const exact = (p: string) => !/[*?]/.test(p);
  if (exact(a) && exact(b)) return a === b;
  const [sa, sb, ea, eb] = [start(a), start(b), end(a), end(b)];
  const startsAgree = sa.startsWith(sb) || sb.startsWith(sa);
  const endsAgree = ea.endsWith(eb) || eb.endsWith(ea);
  return startsAgree && endsAgree;
}

function unique(patterns: readonly string[]): string[] {
  return [...new Set(patterns)];
}

function refuse(glob: string, why: string): EcrRetentionConfigError {
  return new EcrRetentionConfigError(`deletableRepositories: "${glob}" ${why}.`);
}
