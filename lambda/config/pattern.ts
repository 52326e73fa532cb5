/**
 * Tag patterns. Matching runs on re2js, a linear-time (RE2) engine, so no pattern can hang a run whatever the tag.
 * Patterns with nested quantifiers such as `(a+)+` are still rejected at load time: they are almost surely mistakes,
 * and they would hang any backtracking tool the same config is copied into. Every pattern matches the whole tag.
 */
import { RE2JS } from 're2js';
import type { TagPattern } from '../core/policy';
import { catastrophicNesting } from './regex-safety';

export class PatternError extends Error {
  override readonly name = 'PatternError';
}

/** Compiles once; throws PatternError with a message fit for a config error. */
export function compileTagPattern(source: string): TagPattern {
  // The source is compiled on its own first: its errors then quote the user's text, and a source that balances its
  // parentheses cannot escape the anchoring wrapper (`a)|(b` would otherwise become `^(?:a)|(b)$`).
  compileRe2(source, source);
  const compiled = compileRe2(`^(?:${source})$`, source, 'it cannot be anchored to the whole tag (an unterminated \\Q quote? close it with \\E)');
  if (catastrophicNesting(source)) {
    throw new PatternError(`regex ${JSON.stringify(source)} nests quantifiers (like (a+)+) and could backtrack catastrophically; make each repetition start with a literal, e.g. \\d+(\\.\\d+)* instead of (\\d+\\.?)+`);
  }
  const exact = exactLiteral(source);
  if (exact !== undefined) return literalPattern(source, exact);
  const groupNames = Object.entries(compiled.namedGroups()).sort(([, a], [, b]) => a - b).map(([name]) => name);
  const prefix = literalPrefix(source);
  // testExact asks for no captures, so re2js takes its fastest path (one-pass or DFA); captures are computed only in
  // `capture`, on one matcher reset per tag (a fresh matcher per call costs ten times the match). JavaScript runs one
  // call at a time, so sharing it is safe.
  const matcher = compiled.matcher('');
  const matches = (tag: string) => tag.startsWith(prefix) && compiled.testExact(tag);
  if (groupNames.length === 0) return { source, groupNames, matches, capture: (tag) => (matches(tag) ? {} : undefined) };
  return {
    source,
    groupNames,
    matches,
    capture(tag) {
      if (!tag.startsWith(prefix) || !matcher.resetMatcherInput(tag).matches()) return undefined;
      const captures: Record<string, string> = {};
      for (const name of groupNames) {
        const value = matcher.group(name);
        if (value !== null && value !== undefined) captures[name] = value;
      }
      return captures;
    },
  };
}

function compileRe2(regex: string, source: string, reason?: string): RE2JS {
  try {
    return RE2JS.compile(regex);
  } catch (error) {
    throw new PatternError(`invalid regex ${JSON.stringify(source)}: ${reason ?? (error as Error).message}`, { cause: error });
  }
}

/** A pattern without metacharacters is a plain string comparison. */
function literalPattern(source: string, literal: string): TagPattern {
  return { source, groupNames: [], matches: (tag) => tag === literal, capture: (tag) => (tag === literal ? {} : undefined) };
}

const METACHARACTERS = '\\^$.|?*+()[]{}';

/** The one tag a pattern of plain characters matches, written with or without `^…$` (`prd`, `^latest$`). */
export function exactLiteral(source: string): string | undefined {
  const body = source.slice(source.startsWith('^') ? 1 : 0, source.endsWith('$') ? -1 : undefined);
  return [...body].some((ch) => METACHARACTERS.includes(ch)) ? undefined : body;
}

/**
 * The literal text every match must start with, so most tags are rejected by `startsWith` before the engine runs.
 * Conservative: it skips a leading `^`, stops at the first metacharacter, drops a character a quantifier applies to,
 * and gives up on any alternation or group at the start.
 */
export function literalPrefix(source: string): string {
  const body = source.startsWith('^') ? source.slice(1) : source;
  if (body.includes('|') || body.startsWith('(')) return '';
  let prefix = '';
  for (const ch of body) {
    if ('*+?{'.includes(ch)) return [...prefix].slice(0, -1).join('');
    if (METACHARACTERS.includes(ch)) break;
    prefix += ch;
  }
  return prefix;
}
