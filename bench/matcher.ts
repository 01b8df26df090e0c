/**
 * The inquiry matcher on its own: start-up (reading the knowledge base, preparing and indexing the
 * examples, training the classifier) and questions per second with p50/p99 per question, on the
 * default knowledge base and on a synthetic one of 500 topics. Questions are the evaluation and
 * development sets' messages (every variety: dialect, Arabizi, English, stories, out of scope),
 * asked in a shuffled loop after one warm-up pass (wall time and CPU time). The baseline (the matcher of issue 15's fifth
 * round: without the sixth round's steps, on today's base) is measured in the same run, beside the default.
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_MATCHER, Matcher, type KnowledgeBase, type MatcherConfig } from '../src/knowledge/matcher.js';
import { mulberry32 } from '../src/knowledge/rankers/logreg.js';
import { defaultKnowledge, DEV_SET, EVAL_SET, FRESH_DEV_SET, HARD_SET, LOOKALIKE_DEV_SET, readSet, REJECTION_DEV_SET, REJECTION_DEV_SET_2 } from '../test/knowledge/sets.js';
import { ROUND5_MATCHER } from './matcher-compare.js';
import { figures, line, percentile } from './stats.js';

/**
 * CPU time (this process, every thread) as well as wall time: on a machine shared with other work
 * the wall-clock p99 measures the scheduler; CPU time per question measures the matcher.
 */
function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}

/**
 * 500 topics whose examples are drawn from the default base's own words (so the n-gram index has
 * realistic posting lists), each topic with a few words of its own, 12 examples per topic.
 */
export function syntheticBase(base: KnowledgeBase, topics: number): KnowledgeBase {
  const rand = mulberry32(500);
  const words = [...new Set(base.topics.flatMap((t) => t.examples.ar).flatMap((e) => e.split(/\s+/)))];
  const pick = (): string => words[Math.floor(rand() * words.length)]!;
  const template = base.topics[0]!;
  return {
    outOfScope: base.outOfScope,
    topics: Array.from({ length: topics }, (_, i) => {
      const own = [pick(), pick(), `موضوع${i}`];
      const examples = Array.from({ length: 12 }, () => {
        const n = 2 + Math.floor(rand() * 5);
        return [own[Math.floor(rand() * own.length)]!, ...Array.from({ length: n }, pick)].join(' ');
      });
      return { ...template, id: `synthetic-${i}`, flow: undefined, command: undefined, examples: { ar: examples.slice(0, 10), en: examples.slice(10) } };
    }),
  };
}

function measure(label: string, kb: KnowledgeBase, startupExtraMs: number, questions: string[], rounds: number, config: MatcherConfig = DEFAULT_MATCHER): void {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const m = new Matcher(kb, config);
  const startup = performance.now() - t0 + startupExtraMs;
  const startupCpu = cpuMs(process.cpuUsage(c0));
  for (const q of questions) m.answer(q);
  const rand = mulberry32(7);
  const latencies: number[] = [];
  const cpu: number[] = [];
  const start = performance.now();
  for (let r = 0; r < rounds; r++) {
    const order = [...questions].sort(() => rand() - 0.5);
    for (const q of order) {
      const c = process.cpuUsage();
      const t = performance.now();
      m.answer(q);
      latencies.push(performance.now() - t);
      cpu.push(cpuMs(process.cpuUsage(c)));
    }
  }
  cpu.sort((a, b) => a - b);
  const f = figures(latencies, (performance.now() - start) / 1000);
  const examples = kb.topics.reduce((a, t) => a + t.examples.ar.length + t.examples.en.length, 0);
  process.stdout.write(`${line(label, f, 'q/s')}\n`);
  process.stdout.write(
    `  ${''.padEnd(34)} start-up ${startup.toFixed(0)} ms (CPU ${startupCpu.toFixed(0)} ms; ${kb.topics.length} topics, ${examples} examples, ${kb.outOfScope.length} out-of-scope)` +
      ` · CPU per question p99 ${percentile(cpu, 99).toFixed(2)} ms\n`,
  );
}

export async function benchMatcher(): Promise<void> {
  process.stdout.write('\nInquiry matcher (n-gram TF-IDF + logistic regression), one question at a time:\n');
  const t0 = performance.now();
  const kb = defaultKnowledge();
  const readMs = performance.now() - t0;
  const questions = [...readSet(EVAL_SET), ...readSet(DEV_SET), ...readSet(HARD_SET), ...readSet(LOOKALIKE_DEV_SET), ...readSet(REJECTION_DEV_SET), ...readSet(FRESH_DEV_SET), ...readSet(REJECTION_DEV_SET_2)].map((x) => x.text);
  measure('baseline (issue 15, round 5)', kb, readMs, questions, 10, ROUND5_MATCHER);
  measure('default knowledge base', kb, readMs, questions, 10);
  measure('synthetic, 500 topics: baseline', syntheticBase(kb, 500), 0, questions, 3, ROUND5_MATCHER);
  measure('synthetic, 500 topics', syntheticBase(kb, 500), 0, questions, 3);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchMatcher();
