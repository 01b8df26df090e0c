/**
 * Issue 15's sixth round, on the default knowledge base: the association called by its own name
 * speaks to it, where its names are known «جمعيه X» with any other X is another association, and
 * everyday chatter of words no topic uses is out of scope, and so is a complaint aimed at a word no
 * topic uses or in a story that opens with one, and the place of something no topic names; a body one
 * goes to on the way is background.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { topicOf } from './support.js';
import { aimedAtUnknown, namedAssociations, Vocabulary } from '../../src/knowledge/aims.js';
import { seeksBestPlace, unknownContent } from '../../src/knowledge/chatter.js';
import { opensWithUnknown } from '../../src/knowledge/on-the-way.js';
import { entitledElsewhere, topicWords } from '../../src/knowledge/entitled.js';
import { DEFAULT_MATCHER, Matcher, ownWords } from '../../src/knowledge/matcher.js';
import { ownServices } from '../../src/knowledge/index.js';
import { loadProfile } from '../../src/engine/loader.js';
import { defaultKnowledge } from './sets.js';


let shipped: Matcher;
beforeAll(() => {
  shipped = new Matcher(defaultKnowledge());
});

describe('the association by its own name (issue 15, round 6)', () => {
  it('takes from its names the words that say which association it is', () => {
    // In Latin letters only: in Arabic «سند» is also an everyday word (a bond, a support).
    expect([...ownWords([['جمعيه', 'سند', 'الخيريه'], ['sanad', 'سند', 'charity', 'association']])]).toEqual(['sanad']);
  });

  it('reads a message that names it as one to us, though it names another body too', () => {
    const without = new Matcher(defaultKnowledge(), { ...DEFAULT_MATCHER, ownName: false });
    const text = 'I work at a bank and want to volunteer with Sanad in the holidays, how do I sign up?';
    expect(topicOf(without, text)).toBeNull();
    expect(topicOf(shipped, text)).toBe('volunteer');
    expect(topicOf(shipped, 'Can I donate to Sanad from my bank account? What is the IBAN?')).toBe('donate');
  });

  it('still rejects another body where the message does not name it', () => {
    expect(topicOf(shipped, 'I want to volunteer with the Red Crescent in the holidays, how do I sign up?')).toBeNull();
  });
});

describe('another association by a name our topics use (issue 15, round 6)', () => {
  // «انسان» and «الحي» are words the topics know; «جمعيه انسان» is still another association's name.
  const words = new Vocabulary([[['جمعيه', 'انسان', 'الحي', 'خيريه', 'مرخصه', 'سند', 'الملز']]]);
  const ours = new Set(['سند', 'الملز']);

  it('takes a known word after an indefinite association word for a name once our own names are known', () => {
    expect(namedAssociations(['جمعيه', 'انسان', 'وش', 'دوامهم'], words)).toEqual([]);
    expect(namedAssociations(['جمعيه', 'انسان', 'وش', 'دوامهم'], words, ours)).toEqual([0]);
    expect(namedAssociations(['وين', 'جمعيه', 'الحي'], words, ours)).toEqual([1]);
  });

  it('not our own name or address, a closed-class word, or an adjective of the kind', () => {
    for (const raw of [['جمعيه', 'سند', 'وين'], ['جمعيه', 'الملز', 'وين'], ['جمعيه', 'ولا', 'شركه'], ['انتم', 'جمعيه', 'خيريه'], ['جمعيه', 'مرخصه']]) {
      expect(namedAssociations(raw, words, ours), raw.join(' ')).toEqual([]);
    }
  });

  it('takes an association in a city or country not in our address for another', () => {
    const riyadh = new Set([...ours, 'الرياض']);
    expect(namedAssociations(['جمعيه', 'خيريه', 'بالاردن'], words, riyadh)).toEqual([0]);
    expect(namedAssociations(['لجمعيه', 'في', 'جده'], words, riyadh)).toEqual([0]);
    expect(namedAssociations(['جمعيه', 'خيريه', 'بالرياض'], words, riyadh)).toEqual([]);
    expect(namedAssociations(['جمعيه', 'خيريه', 'بالاردن'], words)).toEqual([]);
  });

  it('rejects a question about such an association in the shipped matcher, and answers ours', () => {
    const without = new Matcher(defaultKnowledge(), { ...DEFAULT_MATCHER, otherNames: false });
    expect(topicOf(without, 'وين مقر جمعية الأيتام؟')).toBe('location');
    expect(topicOf(shipped, 'وين مقر جمعية الأيتام؟')).toBeNull();
    expect(topicOf(shipped, 'وين مقر جمعية سند؟')).toBe('location');
    // A noun of our address is no name of ours: «جمعية الحي» is the neighbourhood's association.
    expect(topicOf(shipped, 'متى تفتح جمعية الحي؟')).toBeNull();
    expect(topicOf(shipped, 'جمعية الملز متى تفتح؟')).toBe('working-hours');
  });
});

describe('everyday chatter (issue 15, round 6)', () => {
  const words = new Vocabulary([[['متي', 'تفتحون', 'جمعيه', 'دوام', 'رقم', 'جوال', 'مساعده']]]);

  it('counts the content words no topic uses, leaving out closed-class words, numbers and Arabizi', () => {
    expect(unknownContent(['ما', 'هي', 'عاصمه', 'فرنسا'], ['ما', 'هي', 'عاصمه', 'فرنسا'], words)).toEqual({ share: 1, words: 2 });
    expect(unknownContent(['متي', 'تفتحون', 'بكره'], ['متي', 'تفتحون', 'بكره'], words)).toEqual({ share: 0.5, words: 2 });
    // An Arabic word after a Latin one is its transliteration; in Arabizi the Latin words are left out too.
    expect(unknownContent(['wen', 'وين', 'mkankom', 'مكنكوم'], ['wen', 'mkankom'], words)).toEqual({ share: 0, words: 0 });
    expect(unknownContent(['what', 'does', 'serendipity', 'سرنديبيتي', 'mean'], ['what', 'does', 'serendipity', 'mean'], words).words).toBe(2);
  });

  it('rejects a general question the classifier is unsure of, and keeps ours', () => {
    const without = new Matcher(defaultKnowledge(), { ...DEFAULT_MATCHER, chatter: false });
    const text = 'Can a tourist apply for a fishing licence at the marina?';
    expect(topicOf(without, text)).not.toBeNull();
    expect(topicOf(shipped, text)).toBeNull();
    expect(topicOf(shipped, 'ليش الشجر لونه اخضر؟')).toBeNull();
    for (const ours of ['متى تفتحون بكرة', 'ابي رقم الجوال حقكم', 'wen mkankom']) expect(topicOf(shipped, ours), ours).not.toBeNull();
  });
});

describe('a complaint about someone else (issue 15, round 6)', () => {
  const words = new Vocabulary([[['ابي', 'شكوي', 'علي', 'الموضف', 'التاخير', 'التعامل']]]);

  it('takes a complaint aimed at a definite word no topic uses for another\'s matter, not one aimed at ours', () => {
    expect(aimedAtUnknown(['ابي', 'شكوي', 'علي', 'الجيران'], words)).toBe(true);
    expect(aimedAtUnknown(['ابي', 'شكوي', 'ضد', 'المعلمه'], words)).toBe(true);
    expect(aimedAtUnknown(['ابي', 'شكوي', 'علي', 'التاخير'], words)).toBe(false);
    expect(aimedAtUnknown(['ابي', 'شكوي', 'علي', 'الموضف'], words)).toBe(false);
    // Not in Arabizi, whose transliterations the maps lack read as unknown («3la el ta3amol»).
    expect(aimedAtUnknown(['ابي', 'شكوي', 'علي', 'التعمول'], words, true)).toBe(false);
  });

  it('rejects it in the shipped matcher and answers a complaint about us', () => {
    expect(topicOf(shipped, 'ابي اشتكي على السباك، خرب المغسلة')).toBeNull();
    expect(topicOf(shipped, 'ابي اشتكي على الموظف، ما رد علي')).toBe('complaint');
    expect(topicOf(shipped, 'ابي اشتكي على التأخير')).toBe('complaint');
  });
});

describe('a complaint story about someone else (issue 15, round 6)', () => {
  const words = new Vocabulary([[['مكتب', 'مركز', 'الموضف', 'رد', 'اللي']]]);

  it('reads a story that opens with a noun and a word no topic uses as being about them', () => {
    expect(opensWithUnknown(['مكتب', 'الاستقدام', 'اخذ', 'فلوسي'], words)).toBe(true);
    expect(opensWithUnknown(['الموضف', 'ما', 'رد'], words)).toBe(false);
    // One unknown word alone, before a relative, is as often ours («الموزع اللي جاب السله»).
    expect(opensWithUnknown(['الموزع', 'اللي', 'جاب'], words)).toBe(false);
    // Nor a closed-class word second where the examples do not use it (another association's knowledge base).
    const fewer = new Vocabulary([[['مكتب', 'مركز', 'الموضف', 'رد']]]);
    expect(opensWithUnknown(['الموزع', 'اللي', 'جاب'], fewer)).toBe(false);
    expect(opensWithUnknown(['المندوب', 'عند', 'الباب'], fewer)).toBe(false);
  });

  it('never takes a closed-class word for one no topic uses, whether or not the examples happen to use it', () => {
    // Another association's examples may lack «اللي»: «وين موقع اللي يوزعون السلال» still asks about ours.
    const fewer = new Vocabulary([[['وين', 'موقع']]]);
    for (const w of ['اللي', 'هذول', 'other', 'every']) expect(fewer.unknown(w), w).toBe(false);
    expect(aimedAtUnknown(['وين', 'موقع', 'اللي', 'يوزعون', 'السلال'], fewer)).toBe(false);
  });

  it('rejects such a complaint in the shipped matcher, and answers one about us', () => {
    const without = new Matcher(defaultKnowledge(), { ...DEFAULT_MATCHER, storySubject: false });
    const text = 'ورشة السيارات خربت سيارتي، ابي اشتكي';
    expect(topicOf(without, text)).toBe('complaint');
    expect(topicOf(shipped, text)).toBeNull();
    expect(topicOf(shipped, 'الموظف ما رد على اتصالاتي من اسبوع، وين اشتكي؟')).toBe('complaint');
  });
});

describe('the place of something no topic names (issue 15, round 6)', () => {
  const words = new Vocabulary([[['وين', 'موقع', 'الجمعيه', 'المقر', 'عنوان', 'الفرع']]]);

  it("is taught the association's own staff and places by examples (its driver, guard, interview, women's section)", () => {
    for (const text of ['ابي اشتكي على السواق اللي جاب السلة', 'اشتكي على الحارس', 'ابي اشتكي على المشرفة']) expect(topicOf(shipped, text), text).toBe('complaint');
    for (const text of ['وين مكان المقابلة', 'وين مكان القسم النسائي', 'وين عنوان المستودع']) expect(topicOf(shipped, text), text).toBe('location');
    expect(topicOf(shipped, 'ابي اشتكي على الجيران')).toBeNull();
    expect(topicOf(shipped, 'وين مكان الحفل')).toBeNull();
  });

  it('takes a place or an address of a definite word no topic uses for another\'s', () => {
    expect(aimedAtUnknown(['وين', 'موقع', 'الحفل'], words)).toBe(true);
    expect(aimedAtUnknown(['ابي', 'عنوان', 'المعرض'], words)).toBe(true);
    expect(aimedAtUnknown(['وين', 'موقع', 'الجمعيه'], words)).toBe(false);
    expect(aimedAtUnknown(['ابي', 'عنوان', 'الفرع'], words)).toBe(false);
  });

  it('rejects it in the shipped matcher and answers where we are', () => {
    expect(topicOf(shipped, 'وين مكان العرس الليلة؟')).toBeNull();
    expect(topicOf(shipped, 'وين مكان الجمعية؟')).toBe('location');
    expect(topicOf(shipped, 'ابي عنوان المقر')).toBe('location');
  });
});

describe('a body one goes to on the way (issue 15, round 6)', () => {
  it('is background in a message that speaks to us', () => {
    const text = 'متى تفتحون الصبح ابي امر قبل لا اروح المستشفى';
    expect(topicOf(shipped, text)).toBe('working-hours');
    // What is asked about the body itself stays out of scope.
    expect(topicOf(shipped, 'متى يفتح المستشفى الصبح')).toBeNull();
  });
});

describe('a recommendation sought (issue 15, round 6)', () => {
  it('reads "where is the best …" as seeking one, not "where is the nearest …"', () => {
    expect(seeksBestPlace(['وين', 'احسن', 'موقع', 'نتمشي', 'فيه'])).toBe(true);
    expect(seeksBestPlace(['where', 'وين', 'can', 'i', 'find', 'a', 'good', 'barber'])).toBe(true);
    expect(seeksBestPlace(['وين', 'اقرب', 'فرع'])).toBe(false);
    // "The best way" asks how to do one of our things, not where.
    expect(seeksBestPlace(['where', 'وين', 'is', 'the', 'best', 'way', 'to', 'donate', 'تبرع'])).toBe(false);
    expect(seeksBestPlace(['وين', 'افضل', 'الطرق', 'تبرع'])).toBe(false);
  });

  it('rejects it in the shipped matcher unless it speaks to us', () => {
    const without = new Matcher(defaultKnowledge(), { ...DEFAULT_MATCHER, chatter: false });
    expect(topicOf(without, 'وين أحسن مكان نتمشى فيه بالليل؟')).toBe('location');
    expect(topicOf(shipped, 'وين أحسن مكان نتمشى فيه بالليل؟')).toBeNull();
    expect(topicOf(shipped, 'وين اقرب فرع لكم؟')).toBe('location');
    expect(topicOf(shipped, 'وين افضل طريقة اتبرع فيها')).toBe('donate');
    expect(topicOf(shipped, "where's the best way to apply")).toBe('apply-support');
  });
});

describe('what one asks to be entitled to (issue 15, round 6)', () => {
  const eligibility = topicWords([['هل', 'يحق', 'لي', 'الدعم'], ['استحق', 'المساعده'], ['ابي', 'اقدم', 'طلب']]);

  it('must be a word of the answering topic\'s examples, in any pattern of its root', () => {
    expect(entitledElsewhere(['هل', 'يحق', 'لي', 'اجازه', 'مرضيه'], eligibility)).toBe(true);
    expect(entitledElsewhere(['هل', 'المطلقه', 'تستحق', 'نفقه'], eligibility)).toBe(true);
    expect(entitledElsewhere(['am', 'i', 'eligible', 'يحق', 'for', 'a', 'credit', 'card'], eligibility)).toBe(true);
    expect(entitledElsewhere(['هل', 'يحق', 'لي', 'الدعم'], eligibility)).toBe(false);
    expect(entitledElsewhere(['هل', 'يحق', 'للمطلقه', 'المساعده'], eligibility)).toBe(false);
    expect(entitledElsewhere(['هل', 'يحق', 'لي', 'التقديم'], eligibility)).toBe(false);
    expect(entitledElsewhere(['راتبي', 'هل', 'استحق'], eligibility)).toBe(false);
  });

  it('and what papers are required for', () => {
    const documents = topicWords([['وش', 'اوراق', 'المطلوبه', 'للتسجيل'], ['documents', 'اوراق', 'to', 'apply', 'تقديم']]);
    expect(entitledElsewhere(['وش', 'اوراق', 'المطلوبه', 'للزواج'], documents)).toBe(true);
    expect(entitledElsewhere(['what', 'وش', 'documents', 'اوراق', 'are', 'required', 'for', 'a', 'visa', 'فيسه'], documents)).toBe(true);
    expect(entitledElsewhere(['وش', 'اوراق', 'المطلوبه', 'للتسجيل'], documents)).toBe(false);
    expect(entitledElsewhere(['وش', 'اوراق', 'المطلوبه'], documents)).toBe(false);
    // A closed-class word behind ل is no purpose: «لو» is "if".
    expect(entitledElsewhere(['وش', 'المطلوب', 'لو', 'ابي', 'اقدم'], documents)).toBe(false);
  });

  it('takes what the association gives (association.yaml\'s request types) as ours, whichever topic answers', () => {
    // Eligibility's examples need not name every request type; one may still ask to be entitled to it.
    const without = new Matcher({ ...defaultKnowledge(), services: [] });
    for (const text of ['هل استحق سلة غذائية', 'do I qualify for medical aid']) {
      expect(topicOf(without, text), text).toBeNull();
      expect(topicOf(shipped, text), text).toBe('eligibility');
    }
    expect(topicOf(shipped, 'هل يحق لي اجازة مرضية')).toBeNull();
  });

  it("takes the people the association serves (association.yaml's serves) as ours: papers required for orphans or a widow", () => {
    const kb = defaultKnowledge();
    const profile = loadProfile('flows');
    const without = new Matcher({ ...kb, services: ownServices({ ...profile, serves: [] }) });
    for (const text of ['وش الاوراق المطلوبه للايتام', 'المستندات المطلوبة لكبار السن', 'documents required for a widow']) {
      expect(topicOf(without, text), text).toBeNull();
      expect(topicOf(shipped, text), text).toBe('required-documents');
    }
    expect(topicOf(shipped, 'الاوراق المطلوبة للزواج')).toBeNull();
  });

  it('rejects such a question in the shipped matcher, and answers ours', () => {
    const without = new Matcher(defaultKnowledge(), { ...DEFAULT_MATCHER, entitled: false });
    expect(topicOf(without, 'وش الاوراق المطلوبة للزواج')).toBe('required-documents');
    expect(topicOf(shipped, 'وش الاوراق المطلوبة للزواج')).toBeNull();
    expect(topicOf(shipped, 'وش الاوراق المطلوبة للتسجيل عندكم')).toBe('required-documents');
    const text = 'هل يحق لي بدل نقل من الدوام';
    expect(topicOf(without, text)).not.toBeNull();
    expect(topicOf(shipped, text)).toBeNull();
    expect(topicOf(shipped, 'هل يحق لي الدعم وانا مطلقة؟')).toBe('eligibility');
  });
});
