/**
 * Import cycles: modules that import each other load half-initialised under CommonJS (a value read at load time is
 * undefined), and they hide which of two concepts depends on the other. Type-only imports count too: they still
 * tie the two modules' designs together. Relative imports only; packages cannot import us back.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { preProcessFile } from 'typescript';

const ROOT = resolve(__dirname, '../../..');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function relativeImports(file: string): string[] {
  const { importedFiles } = preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(file), name))
    .map((target) => (existsSync(`${target}.ts`) ? `${target}.ts` : join(target, 'index.ts')))
    .filter((target) => existsSync(target));
}

/** Every cycle found by a depth-first walk, each as the chain of files from where it closes, relative to ROOT. */
function importCycles(...directories: string[]): string[][] {
  const graph = new Map(directories.flatMap(sourceFiles).map((file) => [file, relativeImports(file)]));
  const onPath: string[] = [];
  const done = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    onPath.push(file);
    for (const target of graph.get(file) ?? []) {
      const at = onPath.indexOf(target);
      if (at >= 0) cycles.push([...onPath.slice(at), target].map((path) => relative(ROOT, path)));
      else if (graph.has(target) && !done.has(target)) visit(target);
    }
    onPath.pop();
    done.add(file);
  };
  for (const file of graph.keys()) if (!done.has(file)) visit(file);
  return cycles;
}

describe('import cycles', () => {
  it('finds a cycle when there is one (the check can fail)', () => {
    const fixture = join(ROOT, 'test/unit/architecture/fixtures/cycle');
    expect(importCycles(fixture)).toEqual([['test/unit/architecture/fixtures/cycle/a.ts', 'test/unit/architecture/fixtures/cycle/b.ts', 'test/unit/architecture/fixtures/cycle/a.ts']]);
  });

  it('no source file is part of a cycle: what ships, the CDK app, the emulators and the demo, across folders', () => {
    const directories = ['bin', 'cli', 'lambda', 'lib', 'emulator', 'demo'].map((directory) => join(ROOT, directory));
    expect(directories.flatMap(sourceFiles).length).toBeGreaterThan(100);
    expect(importCycles(...directories)).toEqual([]);
  });
});
