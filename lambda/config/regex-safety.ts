/**
 * A lint for patterns that would backtrack catastrophically in a backtracking engine: a group repeated more than
 * once whose iterations can begin with a repeated atom, so that one run of characters splits across iterations in
 * exponentially many ways — `(a+)+`, `(\w+\s?)*`, `(.*a){12}`. Matching itself runs on a linear-time engine, so this
 * protects users who copy the config into other tools, and catches what is almost surely a mistake.
 * An optional group (`(\.\d+)?`) or a group that starts with a literal (`(\.\d+)*`) is fine.
 */
import tokenize, { types } from 'ret';

/** ret's token tree, read structurally: only the fields this lint needs. */
interface Node {
  readonly type: number;
  readonly stack?: Node[];
  readonly options?: Node[][];
  readonly value?: Node;
  readonly min?: number;
  readonly max?: number | null;
}

/** The offending fragment's description, or undefined when the pattern is fine (or unparsable: RE2 reports that). */
export function catastrophicNesting(source: string): string | undefined {
  let root: Node;
  try {
    root = tokenize(asJavaScriptSyntax(source)) as unknown as Node;
  } catch {
    return undefined;
  }
  return findNesting(root);
}

/**
 * ret parses JavaScript syntax; RE2's own spellings would make it give up and let `(?i)(a+)+` through. Flags and
 * named groups are rewritten to what ret reads; they do not change where repetitions nest.
 */
function asJavaScriptSyntax(source: string): string {
  return source
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?[imsU-]+\)/g, '')
    .replace(/\(\?[imsU-]+:/g, '(?:')
    .replace(/\\[pP](\{[^}]*\}|[A-Za-z])/g, '\\w')
    .replace(/\[\[:\^?[a-z]+:\]\]/g, '\\w')
    .replace(/\\[zAC]/g, '');
}

function findNesting(node: Node): string | undefined {
  const t = node;
  if (t.type === types.REPETITION && t.value) {
    if (repeatsMoreThanOnce(t) && alternatives(t.value).some(beginsWithRepetition)) return 'a repeated group that starts with a repeated atom';
    return findNesting(t.value);
  }
  for (const alternative of alternatives(node)) {
    for (const child of alternative) {
      const found = findNesting(child);
      if (found) return found;
    }
  }
  return undefined;
}

function alternatives(node: Node): Node[][] {
  const t = node;
  if (t.type !== types.GROUP && t.type !== types.ROOT) return [];
  return t.options ?? (t.stack ? [t.stack] : []);
}

function repeatsMoreThanOnce(t: { max?: number | null }): boolean {
  return t.max === null || t.max === undefined || t.max > 1;
}

/** Whether the sequence can begin with an atom repeated more than once (looking through optional atoms and groups). */
function beginsWithRepetition(sequence: Node[]): boolean {
  for (const node of sequence) {
    const t = node;
    if (t.type === types.POSITION) continue;
    if (t.type === types.REPETITION) {
      if (repeatsMoreThanOnce(t)) return true;
      // The value may itself be a repetition: ret reads a lazy `a+?` as an optional `a+`.
      if (t.value && beginsWithRepetition([t.value])) return true;
      if (t.min === 0) continue;
      return false;
    }
    if (t.type === types.GROUP) return alternatives(node).some(beginsWithRepetition);
    return false;
  }
  return false;
}
