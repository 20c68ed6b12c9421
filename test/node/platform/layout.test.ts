import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** Every source file under a folder (TypeScript and TSX), relative to the repository root. */
function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Functions (declarations, methods, arrows, JSX components) longer than `limit` lines, first line to last. */
function longFunctions(path: string, limit: number): string[] {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
      const last = file.getLineAndCharacterOfPosition(node.end).line;
      if (last - first + 1 > limit) found.push(`${path}:${first + 1} (${last - first + 1} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const code = () => [...sources('functions'), ...sources('web')];

describe('the code stays readable in pieces', () => {
  it('has no file in functions/ or web/ over 400 lines', () => {
    const long = code()
      .map((path) => ({ path, lines: readFileSync(path, 'utf8').split('\n').length }))
      .filter((file) => file.lines > 400);
    expect(long).toEqual([]);
  });

  it('has no function in functions/ or web/ over 120 lines (first line to last)', () => {
    expect(code().flatMap((path) => longFunctions(path, 120))).toEqual([]);
  });

  it('finds what it measures, so an empty walk cannot pass', () => {
    expect(sources('functions').length).toBeGreaterThan(50);
    expect(sources('web').length).toBeGreaterThan(10);
    expect(longFunctions('functions/app.ts', 10).length).toBeGreaterThan(0);
  });
});
