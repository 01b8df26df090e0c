import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const rules = require('../../.dependency-cruiser.cjs') as IConfiguration;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

describe('the house', () => {
  it('keeps its layers pointing down, with no cycle, SDKs only in adapters and a pure engine core (.dependency-cruiser.cjs)', async () => {
    const result = await cruise(['bin', 'src', 'adapters'], { ruleSet: rules, validate: true, ...rules.options });
    const output = result.output as ICruiseResult;
    const violations = output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`);
    expect(violations).toEqual([]);
    // The check looked at the whole tree, not at nothing.
    expect(output.summary.totalCruised).toBeGreaterThan(90);
  }, 60_000);

  it('keeps every source file under 400 lines (one concept per file)', () => {
    const long = ['bin', 'src', 'adapters']
      .flatMap(sourceFiles)
      .map((file) => ({ file, lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter((f) => f.lines > 400);
    expect(long).toEqual([]);
  });

  it("keeps the README's folder map true to the tree", () => {
    const readme = readFileSync('README.md', 'utf8');
    const map = readme.slice(readme.indexOf('### Folders'), readme.indexOf('### Dependencies'));
    const listed = [...map.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!.replace(/\/$/, ''));
    expect(listed.length).toBeGreaterThan(10);
    for (const path of listed.filter((p) => !p.includes('<'))) {
      expect(() => statSync(path.replace(/\/\*$/, '')), `README lists ${path}`).not.toThrow();
    }
    // Every folder of src/ and every top-level folder with code is in the map.
    const folders = [
      ...readdirSync('src').filter((f) => statSync(join('src', f)).isDirectory()).map((f) => `src/${f}`),
      ...['bin', 'adapters', 'public', 'flows', 'test', 'bench'],
    ];
    for (const folder of folders) expect(listed, `the folder map names ${folder}`).toContain(folder);
  });
});
