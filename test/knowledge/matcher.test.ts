import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { FlowFileError } from '../../src/errors.js';
import { loadKnowledge, readKnowledgeBase } from '../../src/knowledge/index.js';
import { DEFAULT_MATCHER, Matcher } from '../../src/knowledge/matcher.js';
import { latinDigits, normalizeArabic, normalizeForMatch } from '../../src/text/normalize.js';
import { Preparer, transliterate } from '../../src/knowledge/prepare.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function kbDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sanad-kb-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('normalisation', () => {
  it('keeps the shared exports working', () => {
    expect(normalizeArabic('أإآٱ ة ى ـ مَرْحَبًا')).toBe('اااا ه ي مرحبا');
    expect(latinDigits('٠١٢٣٤٥٦٧٨٩ ۴')).toBe('0123456789 4');
    expect(normalizeForMatch('  القائمة، الرئيسية!! ')).toBe('القايمه الرييسيه');
  });

  it('prepares what beneficiaries write: tatweel, stretched letters, Arabic-Indic digits, a و stuck on, علي for على', () => {
    const p = new Preparer(['الدوام', 'متي']);
    expect(p.prepare('متـــى الــدوام؟؟').text).toBe('متي الدوام');
    expect(p.prepare('شكراااااا').text).toBe('شكرا');
    expect(p.prepare('عندي ٣ ايتام').tokens).toContain('3');
    expect(p.prepare('ومتى الدوام').tokens).toEqual(['متي', 'الدوام']);
    expect(p.prepare('علي').text).toBe(p.prepare('على').text);
    // Persian-keyboard letters, ظ for ض, and emoji that say a word.
    expect(p.prepare('وین مکان').text).toBe(p.prepare('وين مكان').text);
    expect(p.prepare('الظمان').text).toBe(p.prepare('الضمان').text);
    expect(p.prepare('👍').text).toBe('شكرا');
  });

  it('unifies dialect variants and takes greetings and courtesies off the question', () => {
    const p = new Preparer(['الدوام']);
    expect(p.prepare('ابغى').text).toBe(p.prepare('اريد').text);
    expect(p.prepare('وش').text).toBe(p.prepare('ايش').text);
    expect(p.prepare('السلام عليكم ورحمة الله، لو سمحت متى الدوام؟ وشكراً').text).toBe('متي الدوام');
    // A message that is only a greeting stays one.
    expect(p.prepare('السلام عليكم ورحمة الله').text).toBe('السلام عليكم ورحمه الله');
  });

  it('reads Arabizi and English domain words as Arabic', () => {
    const p = new Preparer();
    expect(p.prepare('abi a3rf wain el jam3ya 😊').text).toBe('ابي اعرف وين جمعيه');
    expect(p.prepare('what are your opening hours').tokens).toEqual(expect.arrayContaining(['opening', 'تفتحون', 'hours', 'دوام']));
    expect(transliterate('jam3ya')).toBe('جمعيه');
    expect(transliterate('ta7deeth')).toBe('تحديث');
  });
});

const TWO_TOPICS = `
topics:
  - id: distribution
    label: { ar: موعد التوزيع, en: Distribution date }
    answer: { ar: يبدأ التوزيع يوم الأحد., en: Distribution starts on Sunday. }
    examples: { ar: [متى موعد توزيع السلال, متى توزعون السلال], en: [when is the distribution] }
  - id: distribution-place
    label: { ar: مكان التوزيع, en: Distribution place }
    answer: { ar: التوزيع في مقر الجمعية., en: At our office. }
    examples: { ar: [متى موعد توزيع السلال, متى توزعون السلال], en: [when is the distribution] }
  - id: volunteer
    label: { ar: التطوع, en: Volunteering }
    answer: { ar: سجل في موقعنا., en: Register on our website. }
    examples: { ar: [ابي اتطوع معكم, كيف اسجل متطوع], en: [i want to volunteer] }
outOfScope:
  examples:
    ar: [كيف الجو اليوم, مين فاز في المباراة]
    en: [weather today]
`;

describe('the decision', () => {
  const kb = readKnowledgeBase(kbDir({ 'topics.yaml': TWO_TOPICS }));
  const m = new Matcher(kb);

  it('answers a clear winner', () => {
    const a = m.answer('ابغى اتطوع عندكم');
    expect(a.kind).toBe('topic');
    expect(a.kind === 'topic' && a.topic.id).toBe('volunteer');
  });

  it('offers two close candidates as "did you mean A or B?"', () => {
    // Two topics with the same phrasings tie exactly under the lexical ranker alone.
    const lexical = new Matcher(kb, { ...DEFAULT_MATCHER, rankers: [{ kind: 'ngram', weight: 1 }] });
    const a = lexical.answer('متى موعد توزيع السلال؟');
    expect(a.kind).toBe('ambiguous');
    expect(a.kind === 'ambiguous' && a.topics.map((t) => t.id).sort()).toEqual(['distribution', 'distribution-place']);
  });

  it('gives the out-of-scope reply below the threshold, for the out-of-scope class, and for nothing at all', () => {
    expect(m.answer('كيف الجو اليوم؟').kind).toBe('none');
    expect(m.answer('qwxzq').kind).toBe('none');
    expect(m.answer('').kind).toBe('none');
    expect(m.answer('😂😂').kind).toBe('none');
    const strict = new Matcher(kb, { ...DEFAULT_MATCHER, threshold: 0.999 });
    expect(strict.answer('ابغى اتطوع عندكم').kind).toBe('none');
  });

  it('ranks every topic with a score in [0, 1]', () => {
    const r = m.rank('ابي اتطوع');
    expect(r.ranked.map((x) => x.topic.id)).toHaveLength(3);
    for (const x of r.ranked) expect(x.score).toBeGreaterThanOrEqual(0);
    expect(r.ranked[0]!.score).toBeLessThanOrEqual(1);
  });
});

describe('knowledge base files', () => {
  it('lists every problem: a topic id used twice, a missing English answer, broken YAML', () => {
    const dir = kbDir({
      'a.yaml': `topics:\n  - id: hours\n    label: { ar: الدوام, en: Hours }\n    answer: { ar: من ٨ إلى ٤ }\n    examples: { ar: [متى الدوام] }\n`,
      'b.yaml': `topics:\n  - id: hours\n    label: { ar: الدوام, en: Hours }\n    answer: { ar: س, en: s }\n    examples: { ar: [متى] }\n`,
      'c.yaml': `topics: [\n`,
    });
    let error: unknown;
    try {
      readKnowledgeBase(dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FlowFileError);
    const problems = (error as FlowFileError).problems;
    // Placed as in a flow file: the list item named by its id.
    expect(problems.find((p) => p.file.endsWith('a.yaml'))?.path).toBe('topics[0] (id "hours").answer.en');
    expect(problems.some((p) => p.file.endsWith('c.yaml') && p.path === '' && p.message.startsWith('is not valid YAML'))).toBe(true);
    expect((error as FlowFileError).message).toContain('a.yaml at topics[0] (id "hours").answer.en: ');
  });

  it('reports a topic id defined in two files, and a topic without examples, at their place', () => {
    const topic = `topics:\n  - id: hours\n    label: { ar: الدوام, en: Hours }\n    answer: { ar: س, en: s }\n    examples: { ar: [متى الدوام] }\n`;
    const bare = `topics:\n  - id: bare\n    label: { ar: س, en: s }\n    answer: { ar: س, en: s }\n    examples: {}\n`;
    expect(() => readKnowledgeBase(kbDir({ 'a.yaml': topic, 'b.yaml': topic }))).toThrow(/b\.yaml at topics\[0\] \(id "hours"\)\.id: topic id "hours" is already used/);
    expect(() => readKnowledgeBase(kbDir({ 'a.yaml': bare }))).toThrow(/a\.yaml at topics\[0\] \(id "bare"\)\.examples: a topic needs at least one example phrasing/);
  });
});

describe('the default knowledge base', () => {
  const REQUIRED = [
    'about', 'services', 'eligibility', 'required-documents', 'review-time', 'working-hours', 'location', 'contact-channels',
    'volunteer', 'donate', 'privacy', 'beneficiary-rights', 'apply-support', 'request-status', 'update-data', 'talk-to-officer',
    'complaint', 'rate-service', 'greeting', 'thanks',
  ];

  it('covers every required topic, with Arabic and English answers and flows that exist', async () => {
    const answerer = await loadKnowledge('flows/knowledge');
    const flows = new Set(
      readdirSync('flows')
        .filter((f) => f.endsWith('.flow.yaml'))
        .map((f) => (parseYaml(readFileSync(join('flows', f), 'utf8')) as { id: string }).id),
    );
    for (const id of REQUIRED) {
      const t = answerer.topic(id);
      expect(t, id).toBeDefined();
      expect(t!.answer.ar.length).toBeGreaterThan(5);
      expect(t!.answer.en.length).toBeGreaterThan(5);
      if (t!.flow) expect(flows.has(t!.flow), `${id} → ${t!.flow}`).toBe(true);
    }
    expect(answerer.topic('apply-support')!.flow).toBe('support-request');
    expect(answerer.topic('request-status')!.flow).toBe('request-status');
    expect(answerer.topic('update-data')!.flow).toBe('update-data');
    expect(answerer.topic('complaint')!.flow).toBe('complaint');
    expect(answerer.topic('talk-to-officer')!.command).toBe('officer');
    expect(answerer.topic('rate-service')!.flow).toBeUndefined();
    expect(answerer.topic('review-time')!.answer.ar).toContain('لا تقل عن أسبوعين');
    expect(answerer.topic('beneficiary-rights')!.answer.ar).toContain('تقييم الخدمة حق لك');
  });

  it('uses only placeholders the association profile fills', () => {
    const known = new Set(['name', 'phone', 'whatsapp', 'email', 'website', 'address', 'workingHours', 'privacyNotice', 'officerContact']);
    for (const t of readKnowledgeBase('flows/knowledge').topics) {
      for (const text of [t.answer.ar, t.answer.en]) {
        for (const [, name] of text.matchAll(/\{([a-zA-Z.]+)\}/g)) expect(known.has(name!), `${t.id}: {${name}}`).toBe(true);
      }
    }
  });
});
