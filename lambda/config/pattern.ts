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
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(`^(?:${source})$`);
  } catch (error) {
    throw new PatternError(`invalid regex ${JSON.stringify(source)}: ${(error as Error).message}`, { cause: error });
  }
  if (catastrophicNesting(source)) {
    throw new PatternError(`regex ${JSON.stringify(source)} nests quantifiers (like (a+)+) and could backtrack catastrophically; make each repetition start with a literal, e.g. \\d+(\\.\\d+)* instead of (\\d+\\.?)+`);
  }
  const groupNames = Object.entries(compiled.namedGroups() as Record<string, number>).sort(([, a], [, b]) => a - b).map(([name]) => name);
  const prefix = literalPrefix(source);
  if (prefix === source) return literalPattern(source);
  // One matcher, reset per tag: a fresh matcher per call costs ten times the match itself. JavaScript runs one
  // call at a time, so sharing it is safe.
  const matcher = compiled.matcher('');
  const matchesFully = (tag: string) => tag.startsWith(prefix) && matcher.resetMatcherInput(tag).matches();
  return {
    source,
    groupNames,
    matches: matchesFully,
    capture(tag) {
      if (!matchesFully(tag)) return undefined;
      const captures: Record<string, string> = {};
      for (const name of groupNames) {
        const value = matcher.group(name);
        if (value !== null && value !== undefined) captures[name] = value;
      }
      return captures;
    },
  };
}

/** A pattern without metacharacters is a plain string comparison. */
function literalPattern(source: string): TagPattern {
  return { source, groupNames: [], matches: (tag) => tag === source, capture: (tag) => (tag === source ? {} : undefined) };
}

/**
 * The literal text every match must start with, so most tags are rejected by `startsWith` before the engine runs.
 * Conservative: it stops at the first metacharacter, drops a character a quantifier applies to, and gives up on any
 * alternation or group at the start.
 */
export function literalPrefix(source: string): string {
  if (source.includes('|') || source.startsWith('(')) return '';
  let prefix = '';
  for (const ch of source) {
    if ('*+?{'.includes(ch)) return prefix.slice(0, -1);
    if ('\\^$.[]()}'.includes(ch)) break;
    prefix += ch;
  }
  return prefix;
}
