/**
 * Repository globs: `*` matches within one path segment, `**` across segments (`team-a/*` matches `team-a/web`,
 * not `team-a/x/web`; `**` matches every repository). `?` matches one character other than `/`.
 * Globs compile to RE2 (linear time): on a backtracking engine `*-*-*-*-*-*-*-*-x` takes minutes per repository name.
 * Matching and glob-coverage.ts read the same tokens, so what a glob matches and what it is said to cover cannot drift.
 */
import { RE2JS } from 're2js';

export type GlobToken =
  | { readonly kind: 'literal'; readonly char: string }
  /** `?`: one character other than `/`. */
  | { readonly kind: 'one' }
  /** `*`: any run of characters other than `/`. */
  | { readonly kind: 'segment' }
  /** `**` not followed by `/`: any run of characters. */
  | { readonly kind: 'any' }
  /** `**` followed by `/`: nothing, or any run of characters ending with `/` (so `a/**` + `/b` matches `a/b`). */
  | { readonly kind: 'segments' };

const ONE: GlobToken = { kind: 'one' };
const SEGMENT: GlobToken = { kind: 'segment' };
const ANY: GlobToken = { kind: 'any' };
const SEGMENTS: GlobToken = { kind: 'segments' };

export function globTokens(glob: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      tokens.push(slash ? SEGMENTS : ANY);
      i += slash ? 2 : 1;
    } else if (ch === '*') tokens.push(SEGMENT);
    else if (ch === '?') tokens.push(ONE);
    else tokens.push({ kind: 'literal', char: ch });
  }
  return tokens;
}

const REGEX: Record<Exclude<GlobToken['kind'], 'literal'>, string> = { one: '[^/]', segment: '[^/]*', any: '.*', segments: '(?:.*/)?' };

export function compileGlob(glob: string): (repository: string) => boolean {
  if (!glob.includes('*') && !glob.includes('?')) return (repository) => repository === glob;
  if (glob === '**') return () => true;
  const source = globTokens(glob).map((token) => (token.kind === 'literal' ? RE2JS.quote(token.char) : REGEX[token.kind])).join('');
  const regex = RE2JS.compile(`^${source}$`);
  return (repository) => regex.testExact(repository);
}

export function compileGlobs(globs: readonly string[]): (repository: string) => boolean {
  const matchers = globs.map(compileGlob);
  return (repository) => matchers.some((matches) => matches(repository));
}
