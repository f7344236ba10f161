import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A fresh clone must build and pass its tests with nothing beside it: no source, script or test may
// reach a path outside the repository (the corpus script once lived in a folder next to the clone).

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCANNED = ['packages', 'apps', 'scripts', 'bench', 'tooling'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.turbo', 'coverage', 'results', 'lint-fixtures']);
const CODE = /\.(?:[cm]?[jt]s|tsx|sh|json)$/;
// This file's own examples below are the references it looks for.
const SELF = path.relative(root, fileURLToPath(import.meta.url));

/** Every code file under the scanned folders, plus the code files at the repository root. */
function codeFiles(): string[] {
  const files = fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isFile() && CODE.test(e.name) && e.name !== 'package-lock.json').map((e) => e.name);
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) walk(rel);
      else if (entry.isFile() && CODE.test(entry.name) && rel !== SELF) files.push(rel);
    }
  };
  for (const dir of SCANNED) walk(dir);
  return files;
}

/** The quoted strings of a JS/TS/JSON line; for shell, the line without its `#` comment. */
function pathCandidates(file: string, line: string): string[] {
  if (file.endsWith('.sh')) return line.trimStart().startsWith('#') ? [] : [line.replace(/\s#.*$/, '')];
  if (/^\s*(?:\/\/|\*|\/\*)/.test(line)) return [];
  return [...line.matchAll(/(['"`])((?:\\.|(?!\1).)*)\1/g)].map((m) => m[2] ?? '');
}

/** What in `text` (from `file`) points outside the repository, as "file:line: reason" lines. */
function outsideReferences(file: string, text: string): string[] {
  const found: string[] = [];
  const parent = path.dirname(root);
  text.split('\n').forEach((line, index) => {
    for (const candidate of pathCandidates(file, line)) {
      const reasons: string[] = [];
      if (/(?:^|[\s'"`/])shared\/corpus\b|\.\.\/shared\b/.test(candidate)) reasons.push('names the shared folder beside the clone');
      if (parent !== path.sep && candidate.includes(`${parent}${path.sep}`)) reasons.push(`absolute path into ${parent}`);
      // A relative path that climbs above the repository root from the file's own folder (globs,
      // such as import patterns in lint rules, are patterns rather than paths).
      for (const m of candidate.matchAll(/(?:^|[\s'"`=(:])((?:\.\.\/)+[\w.@-][^\s'"`)]*)/g)) {
        if (m[1]?.includes('*')) continue;
        const resolved = path.resolve(root, path.dirname(file), m[1] ?? '');
        if (path.relative(root, resolved).startsWith('..')) reasons.push(`${m[1]} resolves outside the repository`);
      }
      for (const reason of reasons) found.push(`${file}:${index + 1}: ${reason}`);
    }
  });
  return found;
}

describe('the repository is self-contained', () => {
  it('no source, script or test refers to a path outside the repository', () => {
    const files = codeFiles();
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((file) => outsideReferences(file, fs.readFileSync(path.join(root, file), 'utf8')));
    expect(found).toEqual([]);
  });

  it('catches the ways a path can leave the repository, and lets in-repository paths and comments pass', () => {
    const file = 'packages/testkit/src/x.ts';
    expect(outsideReferences(file, "const s = path.resolve(here, '../../../../shared/corpus/build-samples.sh');")).toHaveLength(2);
    expect(outsideReferences(file, "const s = path.resolve(here, '../../../../other/thing.sh');")).toEqual([expect.stringContaining('resolves outside the repository')]);
    expect(outsideReferences('scripts/x.sh', 'bash ../shared/corpus/build-samples.sh "$OUT"')).toEqual([expect.stringContaining('names the shared folder')]);
    expect(outsideReferences(file, `const s = '${path.dirname(root)}/shared/SPEC.md';`)).toContain(`${file}:1: absolute path into ${path.dirname(root)}`);
    expect(outsideReferences(file, "const s = path.resolve(here, '../../../samples/landscapes');")).toEqual([]);
    expect(outsideReferences(file, "import { x } from '../corpus/y.js';\n// was shared/corpus/build-samples.sh\n * see ../shared/corpus")).toEqual([]);
    expect(outsideReferences('scripts/x.sh', '# Usage: shared/corpus/build-samples.sh [OUT]')).toEqual([]);
  });
});
