/**
 * The "run elsewhere" rules on a small knowledge base of their own: another body named (a
 * hospital, a bank, a restaurant, a loan offer) makes a message out of scope whatever it shares
 * with our topics, unless the message names the association or the topic's own examples tell
 * stories with that kind of body in them.
 */
import { describe, expect, it } from 'vitest';
import { smallTopic, topicOf } from './support.js';
import { DEFAULT_MATCHER, Matcher, type KnowledgeBase } from '../../src/knowledge/matcher.js';
import { isSubject, sameName } from '../../src/knowledge/elsewhere.js';


const kb: KnowledgeBase = {
  topics: [
    smallTopic('complaint', ['ابي اشتكي', 'عندي شكوى على موظف', 'ابي اقدم شكوى', 'الموظف ما رد علي ابي اشتكي', 'شكوى على التعامل']),
    smallTopic('contact-channels', ['وش رقمكم', 'رقم الجوال', 'كيف اتواصل', 'وش رقم الواتساب', 'ايميلكم']),
    smallTopic('apply-support', ['ابي اقدم طلب مساعده', 'ابي اسجل', 'زوجي منوم في المستشفى ونحتاج مساعده', 'محتاجين مساعده', 'كيف اقدم طلب']),
    smallTopic('rate-service', ['ابي اقيم الخدمه', 'تقييم الخدمه', 'ابي اعطي تقييم', 'كيف اقيمكم', 'تقييمي للخدمه']),
  ],
  outOfScope: ['كيف الجو', 'مين فاز بالمباراه', 'وش تاريخ اليوم', 'قول نكته'],
  elsewhere: ['حساب المواطن'],
};


describe('the "run elsewhere" rules', () => {
  const m = new Matcher(kb);
  const without = new Matcher(kb, { ...DEFAULT_MATCHER, otherBodies: false });

  it('rejects a complaint, a rating or a phone number asked of another body', () => {
    for (const text of ['ابي اشتكي على المستشفى', 'وش رقم خدمة عملاء البنك', 'ابي اقيم المطعم', 'تمويل فوري بدون كفيل ابي اسجل']) {
      expect(topicOf(m, text), text).toBeNull();
    }
    // Without the rule the shared words win: that is what the rule is for.
    expect(topicOf(without, 'ابي اشتكي على المستشفى')).toBe('complaint');
  });

  it('leaves a body alone where the topic\'s own examples tell such stories, or where the association is named', () => {
    expect(topicOf(m, 'ابوي في المستشفى ومحتاجين مساعده')).toBe('apply-support');
    expect(topicOf(m, 'ابي اشتكي على موظف الجمعيه اللي في المستشفى')).toBe('complaint');
    // "your number", a hospital as a landmark: the message speaks to us.
    expect(topicOf(m, 'وش رقمكم؟ انا عند المستشفى')).toBe('contact-channels');
    // "next to you" is a place, not the addressee.
    expect(topicOf(m, 'ابي اقيم المطعم اللي جنبكم')).toBeNull();
  });

  it('keeps the government-programme rule as it was', () => {
    expect(topicOf(m, 'وش رقم حساب المواطن')).toBeNull();
    expect(topicOf(m, 'وش رقمكم')).toBe('contact-channels');
  });

  it('tells who the question is about: the body, or the association with the body as background (issue 15, round 3)', () => {
    const round2 = new Matcher(kb, { ...DEFAULT_MATCHER, addressee: false });
    // The body is the subject, even where the topic's stories mention hospitals (apply-support here).
    expect(topicOf(m, 'المستشفى ما عطوني موعد وش اسوي')).toBeNull();
    expect(topicOf(round2, 'المستشفى ما عطوني موعد وش اسوي')).toBe('apply-support');
    // The association is spoken to ("تعطون") and the body is behind a preposition.
    expect(topicOf(m, 'تعطون رقمي للبنك؟ ابي اتواصل')).toBe('contact-channels');
    expect(topicOf(round2, 'تعطون رقمي للبنك؟ ابي اتواصل')).toBeNull();
    expect(topicOf(m, 'where is your phone number? the bank asked me to call you')).toBe('contact-channels');
  });

  it('reads a body as the subject by its place: first word, after a key noun, what an action aims at', () => {
    expect(isSubject(['البنك', 'متي', 'يفتح'], 0, false)).toBe(true);
    expect(isSubject(['وش', 'شروط', 'الضمان'], 2, true)).toBe(true);
    expect(isSubject(['ابي', 'تطوع', 'في', 'مدرسه'], 3, false)).toBe(true);
    expect(isSubject(['ابي', 'تبرع', 'لمستشفي'], 2, false)).toBe(true);
    // A story's first word, and hours "for" a university, are not.
    expect(isSubject(['البنك', 'حجز', 'راتبي'], 0, true)).toBe(false);
    expect(isSubject(['ساعات', 'تطوع', 'للجامعه'], 2, false)).toBe(false);
  });

  it('compares body names strictly: the article and particles, never a stem', () => {
    expect(sameName('بالمستشفي', 'المستشفي')).toBe(true);
    expect(sameName('للبنك', 'البنك')).toBe(true);
    expect(sameName('والمطعم', 'مطعم')).toBe(true);
    expect(sameName('اهلي', 'الاهلي')).toBe(false);
    expect(sameName('بيكون', 'البيك')).toBe(false);
  });
});
