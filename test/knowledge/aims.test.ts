/**
 * Bodies no list names (issue 15, round 4, `aims.ts`): a generic noun of a body with a name the
 * topics never use, an action aimed at such a word, another association by its name; on a small
 * knowledge base of their own, so that what is "known" is plain to see.
 */
import { describe, expect, it } from 'vitest';
import { smallTopic, topicOf } from './support.js';
import { aimedAtUnknown, namedAssociations, namedBodies, Vocabulary } from '../../src/knowledge/aims.js';
import { DEFAULT_MATCHER, Matcher, type KnowledgeBase } from '../../src/knowledge/matcher.js';


const kb: KnowledgeBase = {
  topics: [
    smallTopic('volunteer', ['ابي اتطوع معكم', 'ابغى اتطوع في رمضان', 'كيف انضم لفريق المتطوعين', 'ابي اشارك في توزيع السلال', 'فرص التطوع']),
    smallTopic('donate', ['ابي اتبرع', 'كيف اتبرع لكم', 'ابي اتبرع للايتام', 'ابي اتبرع بملابس', 'وش رقم حساب التبرعات']),
    smallTopic('location', ['وين موقعكم', 'وين مقر الجمعيه', 'وين مكانكم', 'عنوان الجمعيه', 'الجمعيه وين']),
    smallTopic('services', ['وش خدماتكم', 'وش برامج الجمعيه للايتام', 'وش تقدمون', 'وش المساعدات', 'خدمات الجمعيه']),
  ],
  outOfScope: ['كيف الجو', 'مين فاز بالمباراه', 'وش تاريخ اليوم', 'قول نكته'],
  names: ['جمعية سند الخيرية', 'الرياض، حي الملز'],
};


describe('bodies no list names (issue 15, round 4)', () => {
  const m = new Matcher(kb);
  const without = new Matcher(kb, { ...DEFAULT_MATCHER, aims: false });
  const words = new Vocabulary([[['ابي', 'تطوع', 'في', 'رمضان'], ['فريق', 'المتطوعين']], [['تبرع', 'للايتام']]]);

  it('knows a word by its particles and stem, and never calls a word of "you", a number or a time unknown', () => {
    expect(words.unknown('برمضان')).toBe(false);
    expect(words.unknown('الايتام')).toBe(false);
    expect(words.unknown('عندكم')).toBe(false);
    expect(words.unknown('الاجازه')).toBe(false);
    expect(words.unknown('الحرم')).toBe(true);
  });

  it('finds a generic body noun followed by a name the topics never use', () => {
    expect(namedBodies(['ابي', 'اسجل', 'في', 'برنامج', 'تكافل'], words)).toEqual([{ at: 3, kind: 'named:برنامج' }]);
    // A university by its name is of the kind the lists give universities.
    expect(namedBodies(['ولدي', 'في', 'جامعه', 'الامام'], words)).toEqual([{ at: 2, kind: 'school' }]);
    expect(namedBodies(['كيف', 'انضم', 'فريق', 'المتطوعين'], words)).toEqual([]);
    expect(namedBodies(['كان', 'في', 'مصنع', 'وانصاب'], words)).toEqual([]);
  });

  it('finds an action aimed at a word the topics never use, but not at a known word, a gift, a skill or a task', () => {
    expect(aimedAtUnknown(['ابي', 'تطوع', 'مع', 'الكشافه'], words)).toBe(true);
    expect(aimedAtUnknown(['i', 'want', 'to', 'volunteer', 'تطوع', 'with', 'the', 'scouts'], words)).toBe(true);
    expect(aimedAtUnknown(['ابي', 'تبرع', 'بملابس', 'لحاويه'], words)).toBe(true);
    expect(aimedAtUnknown(['ابي', 'تطوع', 'في', 'التصوير'], words)).toBe(false);
    expect(aimedAtUnknown(['ابي', 'تطوع', 'بالسياره'], words)).toBe(false);
    expect(aimedAtUnknown(['ابي', 'تبرع', 'للايتام'], words)).toBe(false);
    expect(aimedAtUnknown(['ابي', 'تبرع', 'بثلاجه'], words)).toBe(false);
  });

  it('reads another association by its name, and not ours, a courtesy or a verb', () => {
    expect(namedAssociations(['ابي', 'تبرع', 'لجمعيه', 'مودة'], words)).toEqual([2]);
    expect(namedAssociations(['جمعيه', 'تحفيظ', 'القران'], words)).toEqual([0]);
    expect(namedAssociations(['جمعيه', 'تكفل', 'الايتام'], words)).toEqual([]);
    expect(namedAssociations(['جمعيه', 'الموقره'], words)).toEqual([]);
    expect(namedAssociations(['الجمعيه', 'جنب', 'البنك'], words)).toEqual([]);
  });

  it('answers such messages out of scope, and our own with our name in them', () => {
    for (const text of ['ابي اتطوع في الحرم', 'ابي اتطوع مع فريق تنظيف الشواطئ', 'ابي اتطوع مع الكشافة', 'كيف اتبرع لحملة سقيا الماء', 'ابي اتبرع لجمعية مودة', 'وين مقر برنامج تكافل']) {
      expect(topicOf(m, text), text).toBeNull();
    }
    expect(topicOf(without, 'ابي اتطوع في الحرم')).toBe('volunteer');
    expect(topicOf(m, 'ابي اتطوع معكم في رمضان')).toBe('volunteer');
    expect(topicOf(m, 'وين مقر جمعية سند')).toBe('location');
    expect(topicOf(m, 'ابي اتبرع للايتام')).toBe('donate');
  });

  it('learns an exception from an example, as a miss assigned in the console adds one', () => {
    expect(topicOf(m, 'ودي اتطوع مع الرابطه')).toBeNull();
    const taught = new Matcher({ ...kb, topics: kb.topics.map((t) => (t.id === 'volunteer' ? { ...t, examples: { ar: [...t.examples.ar, 'ابي اتطوع مع الرابطه'], en: [] } } : t)) });
    expect(topicOf(taught, 'ودي اتطوع مع الرابطه')).toBe('volunteer');
  });
});
