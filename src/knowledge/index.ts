import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FlowFileError } from '../errors.js';
import type { Answerer } from './answerer.js';
import { DEFAULT_MATCHER, Matcher, type KnowledgeBase, type MatcherConfig } from './matcher.js';
import { KnowledgeFile, type TopicFile } from './schema.js';

/**
 * Reads every `*.yaml` in `dir` (the knowledge base) and validates it: topics, and the
 * out-of-scope examples. Every problem in every file is reported at once; a topic id used twice
 * is a problem too (the second would silently never be answered).
 */
export function readKnowledgeBase(dir: string): KnowledgeBase {
  const topics: TopicFile[] = [];
  const outOfScope: string[] = [];
  const elsewhere: string[] = [];
  const problems: { file: string; path: string; message: string }[] = [];
  const seen = new Map<string, string>();
  for (const f of readdirSync(dir).filter((x) => /\.ya?ml$/.test(x)).sort()) {
    const file = join(dir, f);
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push({ file, path: '', message: `not valid YAML: ${(err as Error).message}` });
      continue;
    }
    const parsed = KnowledgeFile.safeParse(raw ?? {});
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((i) => ({ file, path: i.path.join('.'), message: i.message })));
      continue;
    }
    parsed.data.topics.forEach((t, i) => {
      const other = seen.get(t.id);
      if (other) problems.push({ file, path: `topics.${i}.id`, message: `topic id "${t.id}" is already used in ${other}` });
      seen.set(t.id, file);
      if (!t.examples.ar.length && !t.examples.en.length) problems.push({ file, path: `topics.${i}.examples`, message: 'a topic needs at least one example phrasing' });
    });
    topics.push(...parsed.data.topics);
    if (parsed.data.outOfScope) {
      outOfScope.push(...parsed.data.outOfScope.examples.ar, ...parsed.data.outOfScope.examples.en);
      elsewhere.push(...parsed.data.outOfScope.elsewhere);
    }
  }
  if (problems.length) throw new FlowFileError(problems);
  return { topics, outOfScope, elsewhere };
}

/** The knowledge base's topics (validated). */
export function readKnowledge(dir: string): TopicFile[] {
  return readKnowledgeBase(dir).topics;
}

/**
 * Loads the knowledge base in `dir` and trains the matcher on it (in memory, at start-up, from
 * the files alone: nothing is downloaded). `config` is for measurements; the default is the
 * configuration that measured best.
 */
export async function loadKnowledge(dir: string, config: MatcherConfig = DEFAULT_MATCHER): Promise<Answerer & { matcher: Matcher }> {
  const matcher = new Matcher(readKnowledgeBase(dir), config);
  const byId = new Map(matcher.topics.map((t) => [t.id, t]));
  return {
    matcher,
    topic: (id) => byId.get(id),
    answer: (text) => matcher.answer(text),
  };
}

export { DEFAULT_MATCHER, Matcher, type KnowledgeBase, type MatcherConfig } from './matcher.js';
