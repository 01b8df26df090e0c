import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { FileProblem } from './problems.js';

/** The files of `dir` whose names match, sorted, with their paths. */
export function filesIn(dir: string, name: RegExp): string[] {
  return readdirSync(dir)
    .filter((f) => name.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * A YAML (or `.json`) file's content; `undefined`, with the problem recorded, when it cannot be
 * read or parsed. An empty YAML file is `null`.
 */
export function readDataFile(file: string, problems: FileProblem[]): unknown {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    problems.push({ file, path: '', message: `cannot be read: ${(err as Error).message}` });
    return undefined;
  }
  const json = file.endsWith('.json');
  try {
    return json ? JSON.parse(raw) : parseYaml(raw);
  } catch (err) {
    problems.push({ file, path: '', message: `is not valid ${json ? 'JSON' : 'YAML'}: ${(err as Error).message}` });
    return undefined;
  }
}
