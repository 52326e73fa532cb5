/**
 * Repository globs: `*` matches within one path segment, `**` across segments (`team-a/*` matches `team-a/web`,
 * not `team-a/x/web`; `**` matches every repository). `?` matches one character other than `/`.
 */

export function compileGlob(glob: string): (repository: string) => boolean {
  if (!glob.includes('*') && !glob.includes('?')) return (repository) => repository === glob;
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*' && glob[i + 1] === '*') {
      // `**/` also matches zero segments: `a/**/b` matches `a/b`.
      source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`);
  return (repository) => regex.test(repository);
}

export function compileGlobs(globs: readonly string[]): (repository: string) => boolean {
  const matchers = globs.map(compileGlob);
  return (repository) => matchers.some((matches) => matches(repository));
}
