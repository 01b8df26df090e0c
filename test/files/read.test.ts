import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describePath, type FileProblem } from '../../src/files/problems.js';
import { filesIn, readDataFile } from '../../src/files/read.js';

const dir = mkdtempSync(join(tmpdir(), 'sanad-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading the files a person edits (src/files)', () => {
  it('names a list item by its id, so the place is found without counting', () => {
    const data = { topics: [{ id: 'hours' }, { id: 'location', examples: { ar: ['وين'] } }], steps: [['x']] };
    expect(describePath(['topics', 1, 'examples', 'ar', 0], data)).toBe('topics[1] (id "location").examples.ar[0]');
    expect(describePath(['steps', 0, 0], data)).toBe('steps[0][0]');
    expect(describePath(['nowhere', 2, 'x'], data)).toBe('nowhere[2].x');
    expect(describePath([], data)).toBe('');
  });

  it('reads YAML and JSON, and records what cannot be read or parsed instead of throwing', () => {
    writeFileSync(join(dir, 'a.flow.yaml'), 'id: a\n');
    writeFileSync(join(dir, 'b.flow.json'), '{"id": "b"}');
    writeFileSync(join(dir, 'c.flow.json'), '{"id": ');
    writeFileSync(join(dir, 'empty.yaml'), '');
    const problems: FileProblem[] = [];
    expect(filesIn(dir, /\.flow\.(ya?ml|json)$/).map((f) => f.slice(dir.length + 1))).toEqual(['a.flow.yaml', 'b.flow.json', 'c.flow.json']);
    expect(readDataFile(join(dir, 'a.flow.yaml'), problems)).toEqual({ id: 'a' });
    expect(readDataFile(join(dir, 'b.flow.json'), problems)).toEqual({ id: 'b' });
    expect(readDataFile(join(dir, 'empty.yaml'), problems)).toBeNull();
    expect(problems).toEqual([]);
    expect(readDataFile(join(dir, 'c.flow.json'), problems)).toBeUndefined();
    expect(readDataFile(join(dir, 'missing.yaml'), problems)).toBeUndefined();
    expect(problems.map((p) => [p.file.slice(dir.length + 1), p.path, p.message.split(':')[0]])).toEqual([
      ['c.flow.json', '', 'is not valid JSON'],
      ['missing.yaml', '', 'cannot be read'],
    ]);
  });
});
