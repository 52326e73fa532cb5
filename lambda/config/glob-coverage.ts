/**
 * Whether some globs cover another: every name the glob matches, one of them matches too. Decided exactly, on the
 * glob tokens that matching uses (glob.ts): both sides become automata, explored together over an alphabet of the
 * literal characters of either side, `/`, and one character standing for all others (wildcards cannot tell those
 * apart). A name the glob matches and the covering globs miss is a witness; none reachable means covered. An
 * exploration past a budget answers `unknown`, which callers treat as not covered: a warning only when certain.
 */
import { globTokens, type GlobToken } from './glob';

export type Coverage =
  | { readonly kind: 'covered' }
  /** A name the glob matches and no covering glob does. */
  | { readonly kind: 'uncovered'; readonly witness: string }
  | { readonly kind: 'unknown' };

/** Pairs of automaton states explored at most; real globs need a few dozen. */
const BUDGET = 20_000;

/** Candidates for the character that stands for every character no glob names. */
const STAND_INS = 'abcdefghijklmnopqrstuvwxyz0123456789-_.ABCDEFGHIJKLMNOPQRSTUVWXYZ~!@#%&=,;:';

export function globCoverage(covering: readonly string[], glob: string): Coverage {
  const inner = new GlobAutomaton([globTokens(glob)]);
  const outer = new GlobAutomaton(covering.map(globTokens));
  const alphabet = alphabetOf([glob, ...covering]);
  if (alphabet === undefined) return { kind: 'unknown' };
  const start = { inner: inner.start(), outer: outer.start(), name: '' };
  const seen = new Set([keyOf(start.inner, start.outer)]);
  for (let queue = [start], head = 0; head < queue.length; head++) {
    const { inner: states, outer: covers, name } = queue[head] as (typeof queue)[number];
    if (inner.accepts(states) && !outer.accepts(covers)) return { kind: 'uncovered', witness: name };
    for (const ch of alphabet) {
      const next = { inner: inner.step(states, ch), outer: outer.step(covers, ch), name: name + ch };
      const key = keyOf(next.inner, next.outer);
      if (next.inner.length === 0 || seen.has(key)) continue;
      if (seen.size >= BUDGET) return { kind: 'unknown' };
      seen.add(key);
      queue.push(next);
    }
  }
  return { kind: 'covered' };
}

function alphabetOf(globs: readonly string[]): string[] | undefined {
  const literals = new Set(globs.flatMap((glob) => globTokens(glob).flatMap((token) => (token.kind === 'literal' ? [token.char] : []))));
  const standIn = [...STAND_INS].find((ch) => !literals.has(ch));
  if (standIn === undefined) return undefined;
  return [...new Set([...literals, '/', standIn])];
}

function keyOf(inner: readonly number[], outer: readonly number[]): string {
  return `${inner.join(',')}|${outer.join(',')}`;
}

/**
 * A nondeterministic automaton of one or more globs (their union), worked with as sets of states. A state is a
 * position in a glob's tokens (its end accepts) or, for a `**` followed by `/`, the loop inside it (odd ids).
 */
class GlobAutomaton {
  private readonly offsets: number[] = [];

  constructor(private readonly globs: readonly (readonly GlobToken[])[]) {
    let offset = 0;
    for (const tokens of globs) {
      this.offsets.push(offset);
      offset += 2 * (tokens.length + 1);
    }
  }

  start(): number[] {
    return this.closure(this.globs.map((_tokens, g) => this.id(g, 0, false)));
  }

  accepts(states: readonly number[]): boolean {
    return states.some((state) => {
      const { g, at, inner } = this.decode(state);
      return !inner && at === (this.globs[g] as readonly GlobToken[]).length;
    });
  }

  step(states: readonly number[], ch: string): number[] {
    const next: number[] = [];
    for (const state of states) {
      const { g, at, inner } = this.decode(state);
      const token = (this.globs[g] as readonly GlobToken[])[at];
      if (inner) next.push(this.id(g, at, true), ...(ch === '/' ? [this.id(g, at + 1, false)] : []));
      else if (token) next.push(...successors(token, ch).map((move) => (move === 'inner' ? this.id(g, at, true) : this.id(g, at + move, false))));
    }
    return this.closure(next);
  }

  /** Adds the states reachable without reading a character: past a `*` or `**` that matches nothing. */
  private closure(states: readonly number[]): number[] {
    const all = new Set(states);
    for (const state of all) {
      const { g, at, inner } = this.decode(state);
      const token = (this.globs[g] as readonly GlobToken[])[at];
      if (!inner && token && token.kind !== 'literal' && token.kind !== 'one') all.add(this.id(g, at + 1, false));
    }
    return [...all].sort((a, b) => a - b);
  }

  private id(g: number, at: number, inner: boolean): number {
    return (this.offsets[g] as number) + 2 * at + (inner ? 1 : 0);
  }

  private decode(state: number): { g: number; at: number; inner: boolean } {
    let g = this.offsets.length - 1;
    while ((this.offsets[g] as number) > state) g--;
    const local = state - (this.offsets[g] as number);
    return { g, at: local >> 1, inner: (local & 1) === 1 };
  }
}

/** Where a token sends its position on reading `ch`: +1 (past it), 0 (it repeats), or into a `**` + `/` loop. */
function successors(token: GlobToken, ch: string): (0 | 1 | 'inner')[] {
  switch (token.kind) {
    case 'literal':
      return token.char === ch ? [1] : [];
    case 'one':
      return ch === '/' ? [] : [1];
    case 'segment':
      return ch === '/' ? [] : [0];
    case 'any':
      return [0];
    case 'segments':
      return ch === '/' ? [1, 'inner'] : ['inner'];
  }
}
