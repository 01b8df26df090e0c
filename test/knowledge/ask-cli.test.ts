import { describe, expect, it } from 'vitest';
import { runPiped } from '../support/piped.js';

/** Runs `npm run -s ask` as an evaluator would: messages on stdin, JSON lines on stdout. */
function ask(lines: string[]) {
  return runPiped('npm', ['run', '-s', 'ask'], { LOG_LEVEL: 'debug' }, lines);
}

describe('npm run -s ask', () => {
  it('prints one JSON line per message and nothing else', async () => {
    const input = ['متى الدوام؟', 'abi a3rf wain el jam3ya', 'كيف الجو اليوم', '', 'السلام عليكم', 'He said "hi" \\ then left'];
    const { out, code } = await ask(input);
    expect(code).toBe(0);
    const lines = out.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(input.length);
    const rows = lines.map((l) => JSON.parse(l) as { text: string; topic: string | null; score: number });
    rows.forEach((r, i) => {
      expect(Object.keys(r)).toEqual(['text', 'topic', 'score']);
      expect(r.text).toBe(input[i]);
      expect(typeof r.score).toBe('number');
    });
    expect(rows[0]!.topic).toBe('working-hours');
    expect(rows[1]!.topic).toBe('location');
    expect(rows[2]!.topic).toBeNull();
    expect(rows[3]).toEqual({ text: '', topic: null, score: 0 });
    expect(rows[4]!.topic).toBe('greeting');
  }, 60_000);
});
