/** The evaluation and development sets (YAML: topic id → messages; `out-of-scope` → messages). */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const OUT_OF_SCOPE = 'out-of-scope';

export interface Labelled {
  text: string;
  /** The expected topic id, or null when the message is out of scope. */
  expected: string | null;
}

const SetFile = z.record(z.string(), z.array(z.union([z.string(), z.number()]).transform(String)));

export function readSet(path: string): Labelled[] {
  const parsed = SetFile.parse(parseYaml(readFileSync(path, 'utf8')));
  return Object.entries(parsed).flatMap(([topic, texts]) => texts.map((text) => ({ text, expected: topic === OUT_OF_SCOPE ? null : topic })));
}

export const EVAL_SET = 'test/knowledge/eval-set.yaml';
export const DEV_SET = 'test/knowledge/dev-set.yaml';
