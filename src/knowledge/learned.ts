/**
 * `flows/knowledge/learned.yaml`: examples learned from misses, one reviewable file loaded like
 * the rest of the knowledge base (`learned:` topic id → { ar: [...], en: [...] }). Appending
 * keeps the file's comments and order, so a reviewer reads a plain diff; the file is replaced
 * whole (written beside it, then renamed), so a crash never leaves half a file.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import { readKnowledgeBase } from './index.js';
import { MissError, type Miss, type MissStore } from './misses.js';
import { OUT_OF_SCOPE_ID } from './schema.js';

export const LEARNED_FILE = 'learned.yaml';

const HEADER =
  '# Examples learned from misses (`npm run -s misses -- assign <id> <topic>`): messages beneficiaries\n' +
  '# wrote that the bot did not understand, each added to the topic a supervisor chose. Review them\n' +
  '# like any other example; `out-of-scope` adds out-of-scope examples.\n';

/** Appends `text` as an example of `topicId` (in its locale's list) to `dir/learned.yaml`. */
export function appendLearned(dir: string, topicId: string, locale: 'ar' | 'en', text: string): string {
  const file = join(dir, LEARNED_FILE);
  const doc = parseDocument(existsSync(file) ? readFileSync(file, 'utf8') : `${HEADER}learned: {}\n`);
  if (doc.errors.length) throw doc.errors[0]!;
  if (!isMap(doc.get('learned'))) doc.set('learned', doc.createNode({}));
  const path = ['learned', topicId, locale];
  const list = doc.getIn(path);
  if (isSeq(list)) {
    if (!list.items.some((x) => String((x as { value?: unknown }).value ?? x) === text)) list.add(doc.createNode(text));
  } else doc.setIn(path, doc.createNode([text]));
  // Block style throughout (the empty file starts as `learned: {}`): one example per line in a diff.
  for (const node of [doc.get('learned'), doc.getIn(['learned', topicId]), doc.getIn(path)]) if (isMap(node) || isSeq(node)) node.flow = false;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, doc.toString({ lineWidth: 0 }));
  renameSync(tmp, file);
  return file;
}

/**
 * Assigns miss `id` to topic `topicId` (or `out-of-scope`): its text becomes an example in
 * learned.yaml and the miss is removed. The knowledge base is read again first, so a topic
 * that does not exist, or a learned.yaml that no longer validates, is refused before anything
 * changes. A running process learns it with `retrain()` on its answerer.
 */
export async function assignMiss(store: MissStore, dir: string, id: string, topicId: string): Promise<{ miss: Miss; file: string }> {
  const miss = await store.get(id);
  if (!miss) throw new MissError(`No miss "${id}" (it may have been assigned already, or expired): \`npm run -s misses\` lists them.`);
  const kb = readKnowledgeBase(dir);
  if (topicId !== OUT_OF_SCOPE_ID && !kb.topics.some((t) => t.id === topicId)) {
    throw new MissError(`No topic "${topicId}" in ${dir}. Topics: ${kb.topics.map((t) => t.id).join(', ')}, or ${OUT_OF_SCOPE_ID}.`);
  }
  const file = appendLearned(dir, topicId, miss.locale, miss.text);
  // Read back before forgetting the miss: what was written must load.
  readKnowledgeBase(dir);
  await store.remove(id);
  return { miss, file };
}
