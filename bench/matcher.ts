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

/**
 * Each question's median time over the rounds, sorted: its p99 is the matcher's own slowest work,
 * without the garbage-collection pauses and preemptions that land on one question in one round.
 */
function medians(perQuestion: number[][]): number[] {
  return perQuestion.map((ts) => [...ts].sort((a, b) => a - b)[Math.floor(ts.length / 2)]!).sort((a, b) => a - b);
}

interface Contender {
  label: string;
  kb: KnowledgeBase;
  config: MatcherConfig;
  /** Time spent before the matcher is built (reading the files), counted in its start-up. */
  startupExtraMs?: number;
}

/**
 * Builds each contender's matcher (its start-up), warms it up, then times them round by round in
 * turn, so that both see the same heap, the same JIT state and the same load on the machine (timed
 * one after the other, the second ran on a heap the first had filled, and its p99 showed it).
 */
function measure(contenders: Contender[], questions: string[], rounds: number): void {
  const built = contenders.map((c) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const m = new Matcher(c.kb, c.config);
    const startup = performance.now() - t0 + (c.startupExtraMs ?? 0);
    const startupCpu = cpuMs(process.cpuUsage(c0));
    for (const q of questions) m.answer(q);
    return { ...c, m, startup, startupCpu, latencies: [] as number[], cpu: [] as number[], perQuestion: questions.map(() => [] as number[]), seconds: 0 };
  });
  const rand = mulberry32(7);
  for (let r = 0; r < rounds; r++) {
    const order = questions.map((_, i) => i).sort(() => rand() - 0.5);
    for (const b of r % 2 ? [...built].reverse() : built) {
      const start = performance.now();
      for (const i of order) {
        const c = process.cpuUsage();
        const t = performance.now();
        b.m.answer(questions[i]!);
        const ms = performance.now() - t;
        b.latencies.push(ms);
        b.perQuestion[i]!.push(ms);
        b.cpu.push(cpuMs(process.cpuUsage(c)));
      }
      b.seconds += (performance.now() - start) / 1000;
    }
  }
  for (const b of built) {
    b.cpu.sort((x, y) => x - y);
    const f = figures(b.latencies, b.seconds);
    const examples = b.kb.topics.reduce((a, t) => a + t.examples.ar.length + t.examples.en.length, 0);
    process.stdout.write(`${line(b.label, f, 'q/s')}\n`);
    process.stdout.write(
      `  ${''.padEnd(34)} start-up ${b.startup.toFixed(0)} ms (CPU ${b.startupCpu.toFixed(0)} ms; ${b.kb.topics.length} topics, ${examples} examples, ${b.kb.outOfScope.length} out-of-scope)` +
        ` · CPU per question p99 ${percentile(b.cpu, 99).toFixed(2)} ms · p99 of each question's median ${percentile(medians(b.perQuestion), 99).toFixed(2)} ms\n`,
    );
  }
}

export async function benchMatcher(): Promise<void> {
  process.stdout.write('\nInquiry matcher (n-gram TF-IDF + logistic regression), one question at a time:\n');
  const t0 = performance.now();
  const kb = defaultKnowledge();
  const readMs = performance.now() - t0;
  const questions = [...readSet(EVAL_SET), ...readSet(DEV_SET), ...readSet(HARD_SET), ...readSet(LOOKALIKE_DEV_SET), ...readSet(REJECTION_DEV_SET), ...readSet(FRESH_DEV_SET), ...readSet(REJECTION_DEV_SET_2)].map((x) => x.text);
  measure([
    { label: 'baseline (issue 15, round 5)', kb, config: ROUND5_MATCHER, startupExtraMs: readMs },
    { label: 'default knowledge base', kb, config: DEFAULT_MATCHER, startupExtraMs: readMs },
  ], questions, 10);
  const synthetic = syntheticBase(kb, 500);
  measure([
    { label: 'synthetic, 500 topics: baseline', kb: synthetic, config: ROUND5_MATCHER },
    { label: 'synthetic, 500 topics', kb: synthetic, config: DEFAULT_MATCHER },
  ], questions, 4);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchMatcher();
