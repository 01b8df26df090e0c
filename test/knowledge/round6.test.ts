/**
 * Issue 15's sixth round, on the default knowledge base: the association called by its own name
 * speaks to it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MATCHER, Matcher, ownWords } from '../../src/knowledge/matcher.js';
import { defaultKnowledge } from './sets.js';

function topicOf(m: Matcher, text: string): string | null {
  const a = m.answer(text);
  return a.kind === 'topic' ? a.topic.id : a.kind === 'ambiguous' ? a.topics[0]!.id : null;
}

let shipped: Matcher;
beforeAll(() => {
  shipped = new Matcher(defaultKnowledge());
});

describe('the association by its own name (issue 15, round 6)', () => {
  it('takes from its names the words that say which association it is', () => {
    expect([...ownWords([['جمعيه', 'سند', 'الخيريه'], ['sanad', 'سند', 'charity', 'association']])].sort()).toEqual(['sanad', 'سند']);
  });

  it('reads a message that names it as one to us, though it names another body too', () => {
    const without = new Matcher(defaultKnowledge(), { ...DEFAULT_MATCHER, ownName: false });
    const text = 'I work at a bank and want to volunteer with Sanad in the holidays, how do I sign up?';
    expect(topicOf(without, text)).toBeNull();
    expect(topicOf(shipped, text)).toBe('volunteer');
    expect(topicOf(shipped, 'ابي اتبرع لسند من حسابي في البنك، وش رقم الايبان؟')).toBe('donate');
  });

  it('still rejects another body where the message does not name it', () => {
    expect(topicOf(shipped, 'I want to volunteer with the Red Crescent in the holidays, how do I sign up?')).toBeNull();
  });
});
