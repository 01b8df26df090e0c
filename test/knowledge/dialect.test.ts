/**
 * Issue 15's preparation steps and rule changes for the ways beneficiaries really write: numbers
 * left out, the Southern article ام, one-word programme names compared strictly, programmes that
 * a topic's own examples mention, and verbs said to "you all" naming the association.
 */
import { describe, expect, it } from 'vitest';
import { smallTopic, topicOf } from './support.js';
import { dropNumbers, najdiVerb, southernArticle, splitNegation } from '../../src/knowledge/dialect.js';
import { addressesUs, namesUs, otherAssociations, sameProgramme } from '../../src/knowledge/elsewhere.js';
import { DEFAULT_MATCHER, Matcher, type KnowledgeBase } from '../../src/knowledge/matcher.js';
import { Preparer } from '../../src/knowledge/prepare.js';

describe('dialect preparation', () => {
  it('leaves numbers out unless nothing else is said', () => {
    expect(dropNumbers(['رقمي', 'الجديد', '0559876543', 'حدثوه'])).toEqual(['رقمي', 'الجديد', 'حدثوه']);
    expect(dropNumbers(['12345'])).toEqual(['12345']);
    const p = new Preparer(['رقمي'], [], { dialect: true });
    expect(p.prepare('رقمي الجديد ٠٥٥٩٨٧٦٥٤٣ حدثوه').tokens).toEqual(['رقمي', 'الجديد', 'حدثوه']);
  });

  it('reads the Southern article ام as ال only for words the knowledge base knows with ال', () => {
    const known = (w: string): boolean => ['الجمعيه', 'الورق', 'امس', 'امان'].includes(w);
    expect(southernArticle('امجمعيه', known)).toBe('الجمعيه');
    expect(southernArticle('امورق', known)).toBe('الورق');
    expect(southernArticle('امان', known)).toBeUndefined();
    expect(southernArticle('امكانيه', known)).toBeUndefined();
    const p = new Preparer(['الجمعيه', 'وين'], [], { dialect: true });
    expect(p.prepare('فين امجمعيه').text).toBe(p.prepare('وين الجمعيه').text);
  });
});

describe('negation written onto the next word', () => {
  it('splits ما off a word it is glued to, when what follows is known', () => {
    const known = (w: string): boolean => ['عندي', 'ادري', 'فيه', 'مانع'].includes(w);
    expect(splitNegation('ماعندي', known)).toEqual(['ما', 'عندي']);
    expect(splitNegation('مادري', known)).toEqual(['ما', 'ادري']);
    expect(splitNegation('مانع', known)).toBeUndefined();
    expect(splitNegation('ماذا', known)).toBeUndefined();
    const p = new Preparer(['عندي', 'دخل'], [], { dialect: true });
    expect(p.prepare('ماعندي دخل').tokens).toEqual(['ما', 'عندي', 'دخل']);
  });
});

describe('verbs of other varieties', () => {
  it('reads -وا/-و and the prefixes ب، ه، ح in the Najdi form the examples use, when that form is known', () => {
    const known = (w: string): boolean => ['تقدمون', 'تفتحون', 'تردون', 'يدرسون'].includes(w);
    expect(najdiVerb('تقدموا', known)).toBe('تقدمون');
    expect(najdiVerb('بتفتحوا', known)).toBe('تفتحون');
    expect(najdiVerb('هتردوا', known)).toBe('تردون');
    expect(najdiVerb('بيدرسوا', known)).toBe('يدرسون');
    expect(najdiVerb('تقدمون', known)).toBeUndefined();
    expect(najdiVerb('بتاع', known)).toBeUndefined();
  });
});

describe('the programme rule in dialect', () => {
  it('compares a one-word programme by its article and particles, never by stem', () => {
    expect(sameProgramme('بالضمان', 'الضمان')).toBe(true);
    expect(sameProgramme('ضمان', 'الضمان')).toBe(true);
    expect(sameProgramme('طاقه', 'طاقات')).toBe(false);
    expect(sameProgramme('السكن', 'سكني')).toBe(false);
  });

  it('takes a verb said to "you all" for the association, and not a word of that shape', () => {
    for (const t of ['تبون', 'تطلبونها', 'بتقدموا', 'عطوني', 'ارسلولي']) expect(addressesUs(t), t).toBe(true);
    for (const t of ['تعاون', 'يطلبون', 'تكون', 'ابي']) expect(addressesUs(t), t).toBe(false);
    expect(namesUs(['الضمان', 'تقبلون', 'طلبي'], true)).toBe(true);
    expect(namesUs(['الضمان', 'تقبلون', 'طلبي'])).toBe(false);
  });

  it('tells another association from the one spoken to', () => {
    expect([...otherAssociations(['ابي', 'اتطوع', 'مع', 'جمعيه', 'ثانيه'])]).toEqual([3]);
    expect([...otherAssociations(['جمعيه', 'البر', 'الثانيه', 'وين', 'مكانها'])]).toEqual([0]);
    expect(otherAssociations(['وين', 'مكان', 'جمعيه']).size).toBe(0);
    expect(namesUs(['فيه', 'جمعيه', 'غيركم', 'تعطي'], true)).toBe(false);
  });

  const kb: KnowledgeBase = {
    topics: [
      smallTopic('eligibility', ['هل يحق لي المساعده', 'اذا عندي راتب ضمان هل يحق لي', 'مين يستحق الدعم', 'شروط الاستفاده', 'انا ارمله هل استحق']),
      smallTopic('required-documents', ['وش الاوراق المطلوبه', 'الاوراق اللي احتاجها', 'وش المستندات', 'ايش الاوراق', 'المطلوب للتسجيل']),
    ],
    outOfScope: ['كيف الجو', 'مين فاز بالمباراه', 'وش تاريخ اليوم', 'قول نكته'],
    elsewhere: ['الضمان'],
  };

  it('rejects another programme\'s documents, and leaves the programme alone where the topic\'s examples tell of it', () => {
    const m = new Matcher(kb, DEFAULT_MATCHER);
    expect(topicOf(m, 'ابا اقدم على الضمان وشو الاوراق')).toBeNull();
    expect(topicOf(m, 'الضمان وش اوراقه')).toBeNull();
    expect(topicOf(m, 'عندي ضمان هل يحق لي')).toBe('eligibility');
    // Another association is a body like a bank; asked of us, it is part of the story.
    expect(topicOf(m, 'جمعيه ثانيه وش الاوراق اللي يبونها')).toBeNull();
    // Asked of us: "the documents you ask for".
    expect(topicOf(m, 'انا على الضمان وش الاوراق اللي تطلبونها')).toBe('required-documents');
  });
});

describe('a story whose last sentence asks', () => {
  const kb: KnowledgeBase = {
    topics: [
      smallTopic('eligibility', ['هل يحق لي المساعده', 'هل استحق', 'شروط الاستفاده', 'مين يستحق', 'هل تنطبق علي الشروط']),
      smallTopic('apply-support', ['زوجي توفي وعندي بنات وساكنين بالايجار', 'ابي اسجل', 'عندي عيال ومالي دخل', 'ساكنين بالايجار وما عندنا دخل', 'زوجي توفي ومالنا احد']),
    ],
    outOfScope: ['كيف الجو', 'مين فاز بالمباراه', 'وش تاريخ اليوم', 'قول نكته'],
  };

  it('is answered by what it asks with `askingShare`, the story weighing only half', () => {
    const text = 'زوجي توفي وعندي بنات وساكنين بالايجار، يحق لي؟';
    const sharing = new Matcher(kb, { ...DEFAULT_MATCHER, askingShare: 0.5 });
    expect(topicOf(sharing, text)).toBe('eligibility');
    expect(topicOf(new Matcher(kb, DEFAULT_MATCHER), text)).toBe('apply-support');
    // A story that asks nothing is still read whole.
    expect(topicOf(sharing, 'زوجي توفي وعندي بنات، وساكنين بالايجار')).toBe('apply-support');
  });
});

describe('a story that closes with a courtesy (issue 15, round 4)', () => {
  const words = ['زوجي', 'توفي', 'بنات', 'كيف', 'اقدم', 'عندكم'];

  it('takes the last sentence that says something as its question, not the blessing after it', () => {
    const p = new Preparer(words, [], { courtesies: true });
    expect(p.prepare('زوجي توفي وعندي بنات، كيف اقدم عندكم؟ الله يعافيكم ويجزاكم خير').tail?.tokens).toEqual(['كيف', 'اقدم', 'عندكم']);
    expect(p.prepare('زوجي توفي وعندي بنات، كيف اقدم عندكم؟ وجزاكم الله خير').tokens).not.toContain('جزاكم');
    // Without it, the blessing was the "question", and such stories were answered as thanks.
    expect(new Preparer(words, [], { courtesies: false }).prepare('زوجي توفي وعندي بنات، كيف اقدم عندكم؟ الله يعافيكم').tail?.tokens).toEqual(['الله', 'يعافيكم']);
    // A message that is only courtesies keeps them.
    expect(p.prepare('مشكورين. الله يعافيكم').tokens.length).toBeGreaterThan(0);
  });
});
