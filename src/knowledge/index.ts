import { problemAt, throwIfAny, zodProblems, type FileProblem } from '../files/problems.js';
import { filesIn, readDataFile } from '../files/read.js';
import { DEFAULT_MATCHER, type KnowledgeBase, type MatcherConfig } from './matcher.js';
import { RetrainableAnswerer } from './retrainable.js';
import { KnowledgeFile, OUT_OF_SCOPE_ID, type TopicFile } from './schema.js';

/**
 * Reads every `*.yaml` in `dir` (the knowledge base) and validates it: topics, and the
 * out-of-scope examples. Every problem in every file is reported at once, placed as in a flow
 * file (`topics[3] (id "hours").examples`); a topic id used twice is a problem too (the second
 * would silently never be answered).
 */
export function readKnowledgeBase(dir: string): KnowledgeBase {
  const topics: TopicFile[] = [];
  const outOfScope: string[] = [];
  const elsewhere: string[] = [];
  const problems: FileProblem[] = [];
  const seen = new Map<string, string>();
  const learned: { file: string; data: unknown; id: string; ar: string[]; en: string[] }[] = [];
  for (const file of filesIn(dir, /\.ya?ml$/)) {
    const raw = readDataFile(file, problems);
    if (raw === undefined) continue;
    const data = raw ?? {}; // an empty file is an empty part of the knowledge base
    const parsed = KnowledgeFile.safeParse(data);
    if (!parsed.success) {
      problems.push(...zodProblems(file, parsed.error, data));
      continue;
    }
    parsed.data.topics.forEach((t, i) => {
      const other = seen.get(t.id);
      if (other) problems.push(problemAt(file, data, ['topics', i, 'id'], `topic id "${t.id}" is already used in ${other}`));
      seen.set(t.id, file);
      if (!t.examples.ar.length && !t.examples.en.length) problems.push(problemAt(file, data, ['topics', i, 'examples'], 'a topic needs at least one example phrasing'));
    });
    topics.push(...parsed.data.topics);
    for (const [id, ex] of Object.entries(parsed.data.learned ?? {})) learned.push({ file, data, id, ...ex });
    if (parsed.data.outOfScope) {
      outOfScope.push(...parsed.data.outOfScope.examples.ar, ...parsed.data.outOfScope.examples.en);
      elsewhere.push(...parsed.data.outOfScope.elsewhere);
    }
  }
  // Learned examples join their topic, wherever it is defined (a topic id no file defines is a
  // problem: the example would silently teach nothing).
  const byId = new Map(topics.map((t, i) => [t.id, i]));
  for (const l of learned) {
    if (l.id === OUT_OF_SCOPE_ID) {
      outOfScope.push(...l.ar, ...l.en);
      continue;
    }
    const i = byId.get(l.id);
    if (i === undefined) {
      problems.push(problemAt(l.file, l.data, ['learned', l.id], `no topic "${l.id}" in the knowledge base`));
      continue;
    }
    const t = topics[i]!;
    topics[i] = { ...t, examples: { ar: [...t.examples.ar, ...l.ar], en: [...t.examples.en, ...l.en] } };
  }
  throwIfAny(problems);
  return { topics, outOfScope, elsewhere };
}

/** The knowledge base's topics (validated). */
export function readKnowledge(dir: string): TopicFile[] {
  return readKnowledgeBase(dir).topics;
}

/** What the matcher is told the association is called and where it is (association.yaml's name and address). */
export function ownNames(profile: { name: { ar: string; en: string }; contact: { address: { ar: string; en: string } } }): string[] {
  return [profile.name.ar, profile.name.en, profile.contact.address.ar, profile.contact.address.en];
}

/** What the association gives and whom it serves (association.yaml's request types, both languages, and `serves`): «سلة غذائية», "Medical aid", «الأيتام». */
export function ownServices(profile: { requestTypes: readonly { label: { ar: string; en: string } }[]; serves?: readonly string[] }): string[] {
  return [...profile.requestTypes.flatMap((t) => [t.label.ar, t.label.en]), ...(profile.serves ?? [])];
}

/**
 * Loads the knowledge base in `dir` and trains the matcher on it (in memory, at start-up, from
 * the files alone: nothing is downloaded). `config` is for measurements; the default is the
 * configuration that measured best; `names`, the association's own names and address (`ownNames`),
 * so that «جمعية سند» is not taken for another association; `services`, what it gives and whom it serves
 * (`ownServices`), so that one may ask to be entitled to any of them, or what papers they need. `retrain()` on the result reads `dir` again and swaps in a matcher trained on what it holds now.
 */
export async function loadKnowledge(dir: string, config: MatcherConfig = DEFAULT_MATCHER, names: readonly string[] = [], services: readonly string[] = []): Promise<RetrainableAnswerer> {
  return new RetrainableAnswerer(() => ({ ...readKnowledgeBase(dir), names: [...names], services: [...services] }), config);
}

export { DEFAULT_MATCHER, Matcher, type KnowledgeBase, type MatcherConfig } from './matcher.js';
export { RetrainableAnswerer, type Retrained } from './retrainable.js';
