import type { z } from 'zod';
import { FlowFileError } from '../errors.js';

/** One thing wrong in a file a person edits: which file, where in it, and what is expected. */
export interface FileProblem {
  file: string;
  /** `steps[3] (id "full-name").prompt.en`; empty for the file as a whole. */
  path: string;
  message: string;
}

/**
 * `['steps', 3, 'prompt', 'en']` becomes `steps[3] (id "full-name").prompt.en`: an item of a list
 * is named by its `id` where it has one, so a person finds the place without counting.
 */
export function describePath(path: readonly PropertyKey[], data: unknown): string {
  let out = '';
  let node: unknown = data;
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    if (typeof key === 'number' && node && typeof node === 'object' && 'id' in node) {
      out += ` (id "${String((node as { id: unknown }).id)}")`;
    }
  }
  return out;
}

/** A problem at `path` (keys and indexes) in `data`, the file's parsed content. */
export function problemAt(file: string, data: unknown, path: readonly PropertyKey[], message: string): FileProblem {
  return { file, path: describePath(path, data), message };
}

/** Each issue of a failed schema check, at its place. */
export function zodProblems(file: string, error: z.ZodError, data: unknown): FileProblem[] {
  return error.issues.map((issue) => problemAt(file, data, issue.path, issue.message));
}

/** Start-up stops once, with every problem of every file listed, rather than at the first. */
export function throwIfAny(problems: readonly FileProblem[]): void {
  if (problems.length) throw new FlowFileError(problems);
}
