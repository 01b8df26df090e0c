/**
 * Issue 15's fifth round, on small knowledge bases of their own: a detail after the question, حقي
 * as a possessive, Arabizi's dotted letters, gifts to kinds of people and to places abroad, a body
 * or programme only on a story's way, a body complained of while we are addressed, and the subject
 * read from "the nearest", an address or a question's verb.
 */
import { describe, expect, it } from 'vitest';
import { smallTopic, topicOf } from './support.js';
import { aimedAtUnknown, Vocabulary } from '../../src/knowledge/aims.js';
import { addressesUs, isSubject } from '../../src/knowledge/elsewhere.js';
import { complainedOf } from '../../src/knowledge/on-the-way.js';
import { DEFAULT_MATCHER, Matcher, type KnowledgeBase } from '../../src/knowledge/matcher.js';
import { Preparer } from '../../src/knowledge/prepare.js';



describe('preparation (issue 15, round 5)', () => {
  const words = ['ابي', 'اسجل', 'متطوعه', 'تدفعون', 'ايجار', 'طلب', 'ياخذ', 'وقت'];

  it('takes a last sentence that does not ask, after one that does, for a detail: the tail is the asking one', () => {
    const p = new Preparer(words, [], { detailAfter: true, dialect: true });
    expect(p.prepare('تدفعون ايجار؟ ايجاري ١٨٠٠٠ بالسنة').tail?.tokens).toEqual(['تدفعون', 'ايجار']);
    expect(p.prepare('ابي اسجل متطوعه، عمري ١٩ سنة').tail?.tokens).toEqual(['ابي', 'اسجل', 'تطوع']);
    // Without it, the detail was the question.
    expect(new Preparer(words, [], { dialect: true }).prepare('تدفعون ايجار؟ ايجاري ١٨٠٠٠ بالسنة').tail?.tokens).toEqual(['ايجاري', 'بالسنه']);
    // A last sentence that asks stays the tail.
    expect(p.prepare('ايجاري غالي، تدفعون ايجار؟').tail?.tokens).toEqual(['تدفعون', 'ايجار']);
  });

  it('marks where each sentence begins, less what a greeting took off', () => {
    const p = new Preparer(words, []);
    expect(p.prepare('السلام عليكم، ابي اسجل، تدفعون ايجار').starts).toEqual([2]);
  });

  it('reads حقي after a noun as a possessive, and Egyptian قد ايه as كم', () => {
    const p = new Preparer(words, [], { possessive: true });
    expect(p.prepare('الطلب بتاعي').tokens).toEqual(['طلب', 'تبعي']);
    expect(p.prepare('وش حقي').tokens).toEqual(['وش', 'حقي']);
    expect(p.prepare('الطلب بياخد قد ايه').tokens).toEqual(['طلب', 'ياخذ', 'كم', 'وش']);
    expect(new Preparer(words, []).prepare('الطلب بتاعي').tokens).toEqual(['طلب', 'حقي']);
  });

  it('reads ك as a particle before a known variant, and Arabizi 3\' as غ', () => {
    const p = new Preparer(words, []);
    expect(p.prepare('ابي اسجل كمتطوعه').tokens).toEqual(['ابي', 'اسجل', 'تطوع']);
    expect(p.prepare("3'ayart").tokens).toEqual(p.prepare('ghayart').tokens);
  });
});

describe('gifts aimed at people and places (issue 15, round 5)', () => {
  const words = new Vocabulary([[['ابي', 'تبرع', 'للايتام'], ['تبرع', 'بملابس']]]);

  it('takes a kind of people for no body, a place abroad for one, a generic noun by its name', () => {
    expect(aimedAtUnknown(['ابي', 'تبرع', 'لفقراء'], words)).toBe(false);
    expect(aimedAtUnknown(['ابي', 'تبرع', 'لمسنين'], words)).toBe(false);
    expect(aimedAtUnknown(['ابي', 'تبرع', 'لعمال'], words)).toBe(false);
    expect(aimedAtUnknown(['ابي', 'تبرع', 'لحاويه'], words)).toBe(true);
    expect(aimedAtUnknown(['ابي', 'تبرع', 'لغزه'], words)).toBe(true);
    expect(aimedAtUnknown(['ابي', 'تبرع', 'لليمن'], words)).toBe(true);
    // «لمشروع X»: the name decides (namedBodies), not the noun.
    expect(aimedAtUnknown(['ابي', 'تبرع', 'لمشروع', 'السلال'], words)).toBe(false);
  });
});

describe('who the question is about (issue 15, round 5)', () => {
  it('reads a body as the subject after "the nearest", an address, or a question word and its verb', () => {
    expect(isSubject(['وين', 'اقرب', 'صيدليه'], 2, false)).toBe(true);
    expect(isSubject(['ابي', 'عنوان', 'المدرسه'], 2, false)).toBe(true);
    expect(isSubject(['وين', 'تقع', 'المدرسه', 'الابتداييه'], 2, false)).toBe(true);
    expect(isSubject(['وين', 'السوق'], 1, false)).toBe(true);
    // A verb said to "you all" is not the body's.
    expect(isSubject(['متي', 'تفتحون', 'المكتب'], 2, false)).toBe(false);
  });

  it('hears the past tense said to "you all", and knows what is complained of', () => {
    expect(addressesUs('صرفتوا')).toBe(true);
    expect(addressesUs('عطيتونا')).toBe(true);
    expect(addressesUs('ساعات')).toBe(false);
    expect(complainedOf(['ابي', 'شكوي', 'علي', 'البلديه'], 3)).toBe(true);
    expect(complainedOf(['طريقه', 'شكوي', 'فيها', 'علي', 'البلديه'], 4)).toBe(true);
    expect(complainedOf(['ابي', 'شكوي', 'البلديه', 'قريبه'], 3)).toBe(false);
  });
});

describe('a body only on the way (issue 15, round 5)', () => {
  const kb: KnowledgeBase = {
    topics: [
      smallTopic('complaint', ['ابي اشتكي', 'عندي شكوى على موظف', 'ابي اقدم شكوى', 'الموظف ما رد علي ابي اشتكي', 'شكوى على التعامل', 'السلة وصلت ناقصة ابي اشتكي']),
      smallTopic('required-documents', ['وش الاوراق المطلوبة', 'لازم تعريف راتب', 'التقرير الطبي مطلوب', 'هل يكفي كشف الحساب', 'وش المستندات']),
      smallTopic('apply-support', ['ابي اقدم طلب مساعده', 'ابي اسجل', 'محتاجين مساعده', 'كيف اقدم طلب', 'دخلنا ما يكفي ابي اقدم']),
      smallTopic('contact-channels', ['وش رقمكم', 'رقم الجوال', 'كيف اتواصل', 'وش رقم الواتساب', 'ايميلكم']),
    ],
    outOfScope: ['كيف الجو', 'مين فاز بالمباراه', 'وش تاريخ اليوم', 'قول نكته', 'ابي وظيفه'],
    elsewhere: ['الضمان', 'البلدية'],
  };
  const m = new Matcher(kb);
  const round4 = new Matcher(kb, { ...DEFAULT_MATCHER, background: false, complainedOf: false });

  it('answers our topic where the body is a document\'s source, a landmark or one\'s income', () => {
    for (const [text, id] of [
      ['التوزيع اللي صار عند المسجد كان فوضى، ابي اشتكي', 'complaint'],
      ['تعريف الراتب من الشركة يكفي؟', 'required-documents'],
      ['راتب الضمان ما يكفينا، ابي اقدم طلب مساعدة', 'apply-support'],
      ['عيالي بالمدارس وما عندنا دخل، ابي اقدم طلب', 'apply-support'],
    ] as const) {
      expect(topicOf(m, text), text).toBe(id);
      expect(topicOf(round4, text), text).toBeNull();
    }
  });

  it('still rejects a story about the body, and a body the question is about', () => {
    for (const text of ['البنك خصم مني فلوس، ابي اشتكي', 'اشتريت جوال من المحل وطلع خربان، ابي اشتكي', 'ابي اقدم على الضمان، وش الاوراق', 'ابي اشتكي على المستشفى', 'ولدي في المدرسة ضربوه، ابي اشتكي']) {
      expect(topicOf(m, text), text).toBeNull();
    }
  });

  it('rejects a body or programme complained of, even when we are addressed', () => {
    expect(topicOf(m, 'ابي اشتكي على المستشفى، تقدرون توصلون شكواي؟')).toBeNull();
    expect(topicOf(round4, 'ابي اشتكي على المستشفى، تقدرون توصلون شكواي؟')).toBe('complaint');
    expect(topicOf(m, 'عندكم طريقة اشتكي فيها على البلدية؟')).toBeNull();
    expect(topicOf(m, 'عندي شكوى على موظفكم')).toBe('complaint');
  });

  it('takes WhatsApp after على for the channel one writes by', () => {
    expect(topicOf(m, 'ليش ما تردون على الواتس؟ ابي اشتكي')).toBe('complaint');
    expect(topicOf(m, 'الواتساب ما يرسل صور عندي')).toBeNull();
  });
});
