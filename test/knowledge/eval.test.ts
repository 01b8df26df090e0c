/**
 * The matcher on our own held-out sets: eval-set.yaml (messages written as beneficiaries write,
 * kept apart from the knowledge base's examples) and hard-set.yaml (written from the topic labels
 * alone: dialects, stories, voice-note text, other bodies' look-alikes; never tuned on), each held
 * at what the matcher reaches less a small margin (issue 15's target is 92% in scope / 90%
 * rejected); so is every set written blind by another writer (`heldOutSets`, at least the target),
 * whose misses are never printed. Scores follow the ask CLI:
 * an ambiguous answer counts as its first candidate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { namedTopic, type Answerer } from '../../src/knowledge/answerer.js';
import { loadKnowledge, readKnowledgeBase } from '../../src/knowledge/index.js';
import { associationNames, associationServices, DIALECT_DEV_SET, EVAL_SET, FRESH_DEV_SET, HARD_SET, LOOKALIKE_DEV_SET, REJECTION_DEV_SET, REJECTION_DEV_SET_2, heldOutSets, readSet, unseen, type Labelled } from './sets.js';

const REQUIRED_TOPICS = [
  'about', 'services', 'eligibility', 'required-documents', 'review-time', 'working-hours', 'location', 'contact-channels',
  'volunteer', 'donate', 'privacy', 'beneficiary-rights', 'apply-support', 'request-status', 'update-data', 'talk-to-officer',
  'complaint', 'rate-service', 'greeting', 'thanks',
];

let answerer: Answerer;
const set: Labelled[] = readSet(EVAL_SET);

beforeAll(async () => {
  answerer = await loadKnowledge('flows/knowledge', undefined, associationNames(), associationServices());
});

function topicOf(text: string): string | null {
  return namedTopic(answerer.answer(text));
}

describe('the evaluation set', () => {
  it('has at least 15 messages for every default topic and 60 out of scope', () => {
    for (const id of REQUIRED_TOPICS) expect(set.filter((x) => x.expected === id).length, id).toBeGreaterThanOrEqual(15);
    expect(set.filter((x) => x.expected === null).length).toBeGreaterThanOrEqual(60);
  });

  keptApart(set);

  // Issue 15's target is 92% / 90%; the floors are what the matcher reaches, less a small margin
  // (95.0% / 98.4% after round 6: «ما هي عاصمة فرنسا» is rejected again).
  it('answers at least 94% of in-scope messages with the right topic and rejects at least 96% of the rest', () => {
    expectAccuracy('eval set', set, { inScope: 0.94, rejected: 0.96 });
  });
});

describe('the hard set', () => {
  const written = readSet(HARD_SET);
  // Scored without the few short questions that are word for word in the knowledge base.
  const hard = unseen(written, readKnowledgeBase('flows/knowledge'));

  it('labels every message with its variety and covers every default topic', () => {
    for (const id of REQUIRED_TOPICS) expect(written.filter((x) => x.expected === id).length, id).toBeGreaterThanOrEqual(8);
    expect(written.filter((x) => x.expected === null).length).toBeGreaterThanOrEqual(50);
    expect(new Set(written.map((x) => x.variety))).toContain('southern');
  });

  it('is mostly messages the knowledge base does not hold word for word', () => {
    expect(hard.length).toBeGreaterThanOrEqual(written.length * 0.9);
  });

  it('answers at least 98% of in-scope messages with the right topic and rejects at least 94% of the rest', () => {
    expectAccuracy('hard set', hard, { inScope: 0.98, rejected: 0.94 });
  });
});

describe('the dialect development set', () => {
  // Tuned on (issue 15's weak varieties): a floor so that the examples and word maps tuned on it hold.
  const dialect = readSet(DIALECT_DEV_SET);

  it('answers at least 98% of in-scope messages with the right topic and rejects at least 94% of the rest', () => {
    expectAccuracy('dialect development set', dialect, { inScope: 0.98, rejected: 0.94 });
  });
});

describe('the look-alike development set', () => {
  // Tuned on (issue 15, round 3): other bodies' matters phrased like our topics, and messages naming
  // another body that ask about us. A floor so that the rules tuned on it hold.
  const lookalike = readSet(LOOKALIKE_DEV_SET);

  it('has look-alikes of every kind and in-scope messages that name another body', () => {
    expect(lookalike.filter((x) => x.expected === null).length).toBeGreaterThanOrEqual(150);
    expect(lookalike.filter((x) => x.expected !== null).length).toBeGreaterThanOrEqual(60);
    expect(new Set(lookalike.filter((x) => x.expected === null).map((x) => x.variety)).size).toBeGreaterThanOrEqual(10);
  });

  keptApart(lookalike);

  it('answers at least 97% of in-scope messages with the right topic and rejects at least 98% of the rest', () => {
    expectAccuracy('look-alike development set', lookalike, { inScope: 0.97, rejected: 0.98 });
  });
});

describe('the rejection development set', () => {
  // Tuned on (issue 15, round 4): out-of-scope messages by kind (banks, hospitals, telecoms,
  // restaurants, volunteering and donating elsewhere, loan spam, government programmes, other
  // companies, chatter) and story-first, digit and Arabizi questions. A floor so that what was tuned on it holds.
  const rejection = readSet(REJECTION_DEV_SET);

  it('has out-of-scope messages of every kind and in-scope messages of every topic', () => {
    expect(new Set(rejection.filter((x) => x.expected === null).map((x) => x.variety)).size).toBeGreaterThanOrEqual(10);
    for (const id of REQUIRED_TOPICS) expect(rejection.filter((x) => x.expected === id).length, id).toBeGreaterThanOrEqual(1);
  });

  keptApart(rejection);

  // Its in-scope controls (our questions naming a skill, a main office, another body) are hard on purpose.
  // Reached 89.3% / 94.4% after round 5, 88.8% / 96.0% after round 6.
  it('answers at least 88% of in-scope messages with the right topic and rejects at least 95% of the rest', () => {
    expectAccuracy('rejection development set', rejection, { inScope: 0.88, rejected: 0.95 });
  });
});

describe('the fresh development set', () => {
  // Tuned on (issue 15, round 5): every topic in the varieties a fourth writer's set found weak (Gulf,
  // Southern, story first, Arabic-Indic digits, voice-note text, Arabizi, English), and look-alikes.
  // A floor so that what was tuned on it holds.
  const fresh = readSet(FRESH_DEV_SET);
  const weak = ['gulf', 'southern', 'story', 'digits', 'voice', 'arabizi', 'english'];

  it('has every topic in the weak varieties and out-of-scope look-alikes of several kinds', () => {
    for (const id of REQUIRED_TOPICS) expect(fresh.filter((x) => x.expected === id).length, id).toBeGreaterThanOrEqual(10);
    for (const v of weak) expect(fresh.filter((x) => x.expected !== null && x.variety === v).length, v).toBeGreaterThanOrEqual(25);
    expect(new Set(fresh.filter((x) => x.expected === null).map((x) => x.variety)).size).toBeGreaterThanOrEqual(10);
  });

  keptApart(fresh);

  // Reached 91.8% / 90.9% on arrival (round 4's matcher), 98.0% / 90.9% after round 5 (tuned on), 98.0% / 92.4% after round 6.
  it('answers at least 96% of in-scope messages with the right topic and rejects at least 90% of the rest', () => {
    expectAccuracy('fresh development set', fresh, { inScope: 0.96, rejected: 0.9 });
  });
});

describe('the second rejection development set', () => {
  // Written by an independent writer for issue 15's sixth round (its out-of-scope look-alikes and
  // everyday messages, and in-scope messages that name another body as background), tuned on.
  // A floor so that what was tuned on it holds.
  const second = readSet(REJECTION_DEV_SET_2);

  it('has out-of-scope look-alikes and everyday messages, and in-scope messages of every topic', () => {
    const out = second.filter((x) => x.expected === null);
    expect(out.filter((x) => x.variety === 'lookalike').length).toBeGreaterThanOrEqual(100);
    expect(out.filter((x) => x.variety === 'everyday').length).toBeGreaterThanOrEqual(50);
    for (const id of REQUIRED_TOPICS) expect(second.filter((x) => x.expected === id).length, id).toBeGreaterThanOrEqual(5);
  });

  // Reached 73.5% / 85.9% on arrival (round 5's matcher), 75.3% / 95.0% after round 6 (tuned on).
  it('answers at least 74% of in-scope messages with the right topic and rejects at least 94% of the rest', () => {
    expectAccuracy('second rejection development set', second, { inScope: 0.74, rejected: 0.94 });
  });
});

// Sets written blind by other writers (blind-set.yaml, and any blind*.yaml added later). Held out:
// their figures are printed, never their messages, so that no one tunes on them by reading a miss.
for (const held of heldOutSets()) {
  describe(`the held-out ${held.name} set`, () => {
    const messages = unseen(readSet(held.path), readKnowledgeBase('flows/knowledge'));

    it('covers every default topic and has out-of-scope messages', () => {
      for (const id of REQUIRED_TOPICS) expect(messages.filter((x) => x.expected === id).length, id).toBeGreaterThanOrEqual(5);
      expect(messages.filter((x) => x.expected === null).length).toBeGreaterThanOrEqual(20);
    });

    it(`answers at least ${Math.round(held.inScope * 100)}% of in-scope messages with the right topic and rejects at least ${Math.round(held.rejected * 100)}% of the rest`, () => {
      expectAccuracy(`held-out ${held.name} set`, messages, held, true);
    });
  });
}

/**
 * A set kept apart from the knowledge base: no message is word for word one of the examples the
 * matcher learns from (messages with no letters at all, "😂", are the same whatever one does).
 */
function keptApart(messages: Labelled[]): void {
  it('is kept apart from the knowledge base: no message is word for word one of its examples', () => {
    expect(unseen(messages, readKnowledgeBase('flows/knowledge')).map((x) => x.text)).toEqual(messages.map((x) => x.text));
  });
}

function expectAccuracy(name: string, messages: Labelled[], floor = { inScope: 0.92, rejected: 0.9 }, heldOut = false): void {
  const inScope = messages.filter((x) => x.expected !== null);
  const outOfScope = messages.filter((x) => x.expected === null);
  const misses = inScope.filter((x) => topicOf(x.text) !== x.expected).map((x) => `${x.expected} ← ${x.text} (${x.variety}; got ${topicOf(x.text)})`);
  const accepted = outOfScope.filter((x) => topicOf(x.text) !== null).map((x) => `${x.text} (${x.variety}; got ${topicOf(x.text)})`);
  const accuracy = 1 - misses.length / inScope.length;
  const rejection = 1 - accepted.length / outOfScope.length;
  // The report: visible in the test output, so a change to the knowledge base shows its effect.
  const figures =
    `${name}: in-scope accuracy ${(accuracy * 100).toFixed(1)}% (${inScope.length - misses.length}/${inScope.length}), ` +
    `out-of-scope rejection ${(rejection * 100).toFixed(1)}% (${outOfScope.length - accepted.length}/${outOfScope.length})`;
  console.log(heldOut ? figures : `${figures}\nmissed:\n  ${misses.join('\n  ')}\nanswered though out of scope:\n  ${accepted.join('\n  ')}`);
  expect(accuracy, name).toBeGreaterThanOrEqual(floor.inScope);
  expect(rejection, name).toBeGreaterThanOrEqual(floor.rejected);
}
