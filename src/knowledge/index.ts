import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FlowFileError } from '../errors.js';
import type { Answer, Answerer, Topic } from './answerer.js';
import { normalizeForMatch } from './normalize.js';
import { KnowledgeFile, type TopicFile } from './schema.js';

/** Reads every `*.yaml` in `dir` (the knowledge base) and validates it. */
export function readKnowledge(dir: string): TopicFile[] {
  const topics: TopicFile[] = [];
  const problems: { file: string; path: string; message: string }[] = [];
  for (const f of readdirSync(dir).filter((x) => /\.ya?ml$/.test(x)).sort()) {
    const file = join(dir, f);
    const parsed = KnowledgeFile.safeParse(parseYaml(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((i) => ({ file, path: i.path.join('.'), message: i.message })));
      continue;
    }
    topics.push(...parsed.data.topics);
  }
  if (problems.length) throw new FlowFileError(problems);
  return topics;
}

/**
 * A first lexical answerer: the share of a message's words found in a topic's best example.
 * Deliberately simple; the inquiries work replaces it with a measured ranker.
 */
export async function loadKnowledge(dir: string): Promise<Answerer> {
  const topics = readKnowledge(dir);
  const byId = new Map<string, Topic>(topics.map((t) => [t.id, t]));
  const examples = topics.flatMap((t) => [...t.examples.ar, ...t.examples.en].map((e) => ({ id: t.id, words: new Set(normalizeForMatch(e).split(' ')) })));
  return {
    topic: (id) => byId.get(id),
    answer(text): Answer {
      const words = normalizeForMatch(text).split(' ').filter(Boolean);
      if (!words.length) return { kind: 'none', score: 0 };
      let best = { id: '', score: 0 };
      for (const ex of examples) {
        const hits = words.filter((w) => ex.words.has(w)).length;
        const score = (2 * hits) / (words.length + ex.words.size);
        if (score > best.score) best = { id: ex.id, score };
      }
      const topic = byId.get(best.id);
      return topic && best.score >= 0.5 ? { kind: 'topic', topic, score: best.score } : { kind: 'none', score: best.score };
    },
  };
}
