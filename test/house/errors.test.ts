import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, readmeRow, type ErrorCode } from '../../src/error-codes.js';
import { SanadError } from '../../src/errors.js';

const CODE = /SANAD_ERR_[A-Z0-9]+(?:_[A-Z0-9]+)*/g;
const catalogued = new Set<string>(Object.keys(ERROR_CATALOGUE));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

/** The rows of README.md's "Errors" table, as written. */
function readmeRows(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('\n## Errors');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return section.split('\n').filter((line) => line.startsWith('| `'));
}

describe('the error catalogue (src/error-codes.ts)', () => {
  it("is the README's Errors table: the same codes both ways, row for row", () => {
    const rows = readmeRows();
    const inReadme = rows.map((r) => /^\| `([^`]+)`/.exec(r)![1]!);
    expect(inReadme.length).toBeGreaterThan(20);
    expect(inReadme.filter((c) => !catalogued.has(c)), 'codes in the README but not in the catalogue').toEqual([]);
    expect([...catalogued].filter((c) => !inReadme.includes(c)), 'codes in the catalogue but not in the README').toEqual([]);
    expect(new Set(inReadme).size, 'a code listed twice in the README').toBe(inReadme.length);
    // Meaning, status and action too: the README rows are the catalogue's, in its order.
    expect(rows.join('\n'), 'the README table, as the catalogue writes it').toBe((Object.keys(ERROR_CATALOGUE) as ErrorCode[]).map(readmeRow).join('\n'));
  });

  it('names every SANAD_ERR_* code that src/, adapters/ or bin/ give, and nothing they do not', () => {
    const used = new Map<string, string>();
    for (const file of ['src', 'adapters', 'bin'].flatMap(sourceFiles)) {
      if (file === join('src', 'error-codes.ts')) continue;
      for (const [code] of readFileSync(file, 'utf8').matchAll(CODE)) used.set(code, file);
    }
    expect([...used].filter(([code]) => !catalogued.has(code)).map(([code, file]) => `${code} (${file})`), 'codes not in the catalogue').toEqual([]);
    expect([...catalogued].filter((code) => !used.has(code)), 'catalogued codes nothing gives').toEqual([]);
  });

  it('gives a SanadError its HTTP status and what to do from the catalogue', () => {
    const refused = new SanadError('SANAD_ERR_WEBCHAT_FILE_TYPE', 'a .exe');
    expect(refused.statusCode).toBe(415);
    expect(refused.action).toBe('send a photo or a PDF');
    expect(new SanadError('SANAD_ERR_CONFIG', 'PORT').statusCode).toBeUndefined();
    // @ts-expect-error: a code outside the catalogue does not type-check (`npm test` runs tsc first).
    expect(new SanadError('SANAD_ERR_MADE_UP', 'x').code).toBe('SANAD_ERR_MADE_UP');
  });
});
