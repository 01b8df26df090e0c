/**
 * `npm run -s ask`: the matcher on its own, for evaluation. Reads messages from stdin, one per
 * line, and prints one JSON line per message: {"text", "topic" (null when the bot would give
 * the out-of-scope reply), "score"}. Nothing else goes to stdout; problems go to stderr.
 * The knowledge base is `$FLOWS_DIR/knowledge` (default `flows/knowledge`).
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadProfile } from '../src/engine/loader.js';
import { loadKnowledge, ownNames, ownServices } from '../src/knowledge/index.js';
import { namedTopic } from '../src/knowledge/answerer.js';
import { run } from './run.js';

run(async () => {
  const flows = process.env.FLOWS_DIR || 'flows';
  const profile = loadProfile(flows);
  const answerer = await loadKnowledge(join(flows, 'knowledge'), undefined, ownNames(profile), ownServices(profile));
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  const out: string[] = [];
  const flush = (): void => {
    if (out.length) process.stdout.write(out.join(''));
    out.length = 0;
  };
  for await (const line of rl) {
    const text = line.replace(/\r$/, '');
    const a = answerer.answer(text);
    const topic = namedTopic(a);
    out.push(`${JSON.stringify({ text, topic, score: a.score })}\n`);
    if (out.length >= 256) flush();
  }
  flush();
});
