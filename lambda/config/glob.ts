/**
 * Repository globs: `*` matches within one path segment, `**` across segments (`team-a/*` matches `team-a/web`,
 * not `team-a/x/web`; `**` matches every repository). `?` matches one character other than `/`.
 * Globs compile to RE2 (linear time): on a backtracking engine `*-*-*-*-*-*-*-*-x` takes minutes per repository name.
 */
import { RE2JS } from 're2js';

export function compileGlob(glob: string): (repository: string) => boolean {
  if (!glob.includes('*') && !glob.includes('?')) return (repository) => repository === glob;
  if (glob === '**') return () => true;
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*' && glob[i + 1] === '*') {
      // `**/` also matches zero segments: `a/**/b` matches `a/b`.
      source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += RE2JS.quote(ch);
  }
  const regex = RE2JS.compile(`^${source}$`);
  return (repository) => regex.testExact(repository);
}

export function compileGlobs(globs: readonly string[]): (repository: string) => boolean {
  const matchers = globs.map(compileGlob);
  return (repository) => matchers.some((matches) => matches(repository));
}
