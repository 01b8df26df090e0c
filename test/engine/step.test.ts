import { beforeAll, describe, expect, it } from 'vitest';
import type { Effect } from '../../src/engine/effects.js';
import { initialState, type ConversationState } from '../../src/engine/state.js';
import { MAX_INVALID, step, type EngineContext, type EngineInput } from '../../src/engine/step.js';
import { handoffTexts } from '../../src/i18n/handoff-texts.js';
import { texts } from '../../src/i18n/texts.js';
import type { InboundMessage, OutboundMessage } from '../../src/messages/model.js';
import { shippedEngineContext } from '../support/engine.js';

/**
 * Transcripts of the interpreter alone, as data: a state and an input give a state and effects.
 * The context is the shipped flows, profile and knowledge base; nothing here touches Redis.
 */
let ctx: EngineContext;
beforeAll(async () => {
  ctx = await shippedEngineContext();
});

const NOW = Date.UTC(2026, 11, 1, 9);
let n = 0;

function message(text: string, extra: Partial<InboundMessage> = {}): EngineInput {
  return { type: 'message', now: NOW, msg: { ref: { channel: 'test', address: 'step-test' }, messageId: `m${++n}`, text, attachments: [], ...extra } };
}

const sends = (effects: Effect[]): OutboundMessage[] => effects.flatMap((e) => (e.type === 'send' ? [e.message] : []));
const textOf = (effects: Effect[]): string => sends(effects).map((m) => m.text).join('\n---\n');
const lastChoices = (effects: Effect[]): string[] | undefined => sends(effects).at(-1)?.choices?.map((c) => c.id);
const emits = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'emit' ? [{ event: e.event, payload: e.payload }] : []));

/** A conversation walked through `step` alone, the state carried from one input to the next. */
class Walk {
  constructor(public state: ConversationState = initialState()) {}

  input(input: EngineInput): Effect[] {
    const before = structuredClone(this.state);
    const result = step(ctx, this.state, input);
    expect(this.state, 'step leaves the state it was given alone').toEqual(before);
    this.state = result.state;
    return result.effects;
  }

  say(text: string, extra: Partial<InboundMessage> = {}): Effect[] {
    return this.input(message(text, extra));
  }

  /** The support request up to its national ID question. */
  toNationalId(): void {
    this.say('السلام عليكم');
    this.say('2');
    this.say('نعم');
    this.say('محمد عبدالله السالم');
  }
}

const MENU = ['inquiries', 'support-request', 'request-status', 'update-data', 'complaint', 'officer', 'my-data', 'lang'];

describe('step, as data', () => {
  it('greets a first message and rests on the main menu', () => {
    const { state, effects } = step(ctx, initialState(), message('السلام عليكم'));
    expect(effects).toEqual([
      { type: 'send', message: { text: expect.stringContaining('أهلاً وسهلاً بك في جمعية سند الخيرية'), locale: 'ar' } },
      { type: 'send', message: { text: expect.stringContaining('كيف يمكنني خدمتك'), locale: 'ar', choices: expect.any(Array) } },
    ]);
    expect(lastChoices(effects)).toEqual(MENU);
    expect(state).toMatchObject({ seq: 1, at: { flowId: 'main', stepId: 'menu' }, data: {}, trail: [], invalid: 0 });
    expect(state.offered!.map((c) => c.id)).toEqual(MENU);
  });

  it('takes a menu pick by its number into the flow it names', () => {
    const w = new Walk();
    w.say('السلام عليكم');
    const effects = w.say('2');
    expect(w.state.at).toEqual({ flowId: 'support-request', stepId: 'consent' });
    expect(lastChoices(effects)).toEqual(['yes', 'no']);
    expect(textOf(effects)).toContain(texts.menuShortcut.ar);
  });

  it('re-asks a wrong national ID with its reason, counting the attempt, then goes on', () => {
    const w = new Walk();
    w.toNationalId();
    const wrong = w.say('1000000001');
    expect(sends(wrong).map((m) => m.text)).toEqual([
      'رقم الهوية غير صحيح (رقم التحقق الأخير لا يطابق). فضلاً تأكد من الرقم وأعد كتابته.',
      'رقم الهوية الوطنية أو الإقامة (١٠ أرقام):',
    ]);
    expect(w.state).toMatchObject({ at: { flowId: 'support-request', stepId: 'national-id' }, invalid: 1 });
    expect(w.state.data.nationalId).toBeUndefined();
    const right = w.say('١٠٠٠٠٠٠٠٠٨');
    expect(textOf(right)).toContain('رقم الجوال');
    expect(w.state).toMatchObject({ at: { stepId: 'mobile' }, invalid: 0, data: { nationalId: '1000000008', answeredAt: { nationalId: NOW } } });
    expect(w.state.trail).toEqual(['consent', 'full-name', 'national-id']);
  });

  it(`offers an officer after ${MAX_INVALID} invalid answers`, () => {
    const w = new Walk();
    w.toNationalId();
    for (let i = 1; i < MAX_INVALID; i++) w.say('123');
    const effects = w.say('123');
    expect(w.state.offeringOfficer).toBe(true);
    expect(lastChoices(effects)).toEqual(['officer-yes', 'officer-no']);
  });

  it('corrects one answer from the summary and comes back to it; then runs the action and takes its result', () => {
    const w = new Walk();
    w.toNationalId();
    for (const answer of ['1000000008', '0512345678', '1', '4', '3000', '1', 'نحتاج مساعدة في دفع الإيجار']) w.say(answer);
    const summary = w.say('تخطي');
    expect(w.state.at).toEqual({ flowId: 'support-request', stepId: 'summary' });
    expect(lastChoices(summary)).toEqual([
      'confirm',
      ...['full-name', 'national-id', 'mobile', 'city', 'family-size', 'income', 'request-type', 'description', 'document'].map((id) => `edit:${id}`),
    ]);
    expect(textOf(summary)).toContain('• الجوال: 0512345678');

    const edit = w.say('', { choiceId: 'edit:mobile' });
    expect(textOf(edit)).toBe('رقم الجوال (مثل 0512345678):');
    expect(w.state).toMatchObject({ at: { stepId: 'mobile' }, reviewReturn: 'summary' });
    const back = w.say('0598765432');
    expect(w.state.at!.stepId).toBe('summary');
    expect(w.state.reviewReturn).toBeUndefined();
    expect(textOf(back)).toContain('• الجوال: 0598765432');

    w.say('', { choiceId: 'confirm' });
    const submit = w.say('نعم');
    expect(submit.at(-1)).toEqual({ type: 'action', name: 'submitSupportRequest' });
    expect(w.state.pendingAction).toEqual({ flowId: 'support-request', stepId: 'submit' });
    expect(w.state.data).toMatchObject({ mobile: '+966598765432', consent: true, acknowledged: true });

    const done = w.input({ type: 'action-result', ok: true, value: { reference: 'SR-2026-000007', submittedOn: { ar: '١ ديسمبر', en: '1 December' } }, now: NOW });
    expect(textOf(done)).toContain('رقم طلبك: SR-2026-000007');
    expect(textOf(done)).toContain('تاريخ التقديم: ١ ديسمبر');
    expect(emits(done)).toEqual([{ event: 'service.completed', payload: { flow: 'support-request', outcome: 'submitted', locale: 'ar' } }]);
    expect(w.state).toMatchObject({ at: { flowId: 'main', stepId: 'menu' }, data: {}, trail: [] });
    expect(w.state.pendingAction).toBeUndefined();
  });

  it('apologises for a failed action and returns to the menu', () => {
    const w = new Walk();
    w.say('السلام عليكم');
    w.say('3');
    w.say('SR-2026-000001');
    const lookUp = w.say('1000000008');
    expect(lookUp).toEqual([{ type: 'action', name: 'lookUpRequestStatus' }]);
    const failed = w.input({ type: 'action-result', ok: false, error: 'redis is down', now: NOW });
    expect(textOf(failed)).toContain('حدث خلل مؤقت');
    expect(lastChoices(failed)).toEqual(MENU);
  });

  it('goes back, leaves for the menu keeping the form, continues it, and cancels it', () => {
    const w = new Walk();
    w.toNationalId();
    const back = w.say('رجوع');
    expect(textOf(back)).toContain(texts.backTo.ar);
    expect(w.state.at!.stepId).toBe('full-name');
    w.say('محمد عبدالله السالم');

    const menu = w.say('القائمة');
    expect(lastChoices(menu)).toEqual(['resume', ...MENU]);
    expect(w.state.suspended).toMatchObject({ at: { stepId: 'national-id' }, data: { fullName: 'محمد عبدالله السالم' } });
    expect(w.state.data).toEqual({});

    const resumed = w.say('', { choiceId: 'resume' });
    expect(textOf(resumed)).toContain(texts.continueForm.ar);
    expect(w.state).toMatchObject({ at: { stepId: 'national-id' }, data: { fullName: 'محمد عبدالله السالم' } });
    expect(w.state.suspended).toBeUndefined();

    const cancelled = w.say('إلغاء');
    expect(textOf(cancelled)).toContain(texts.cancelled.ar);
    expect(w.state).toMatchObject({ at: { flowId: 'main', stepId: 'menu' }, data: {}, trail: [] });
  });

  it('answers a made-up reserved id rather than ending the turn silently', () => {
    const w = new Walk();
    w.say('السلام عليكم');
    const atMenu = w.say('', { choiceId: 'cmd:xyz' });
    expect(sends(atMenu).map((m) => m.text)).toEqual([texts.invalidChoice.ar, expect.stringContaining('كيف يمكنني خدمتك')]);
    const asText = w.say('متى أوقات الدوام؟', { choiceId: 'topic:nope' });
    expect(textOf(asText)).toContain('من الأحد إلى الخميس');
    w.say('2');
    const midForm = w.say('', { choiceId: 'edit:nope' });
    expect(sends(midForm).length).toBeGreaterThan(0);
    expect(w.state.at!.stepId).toBe('consent');
  });

  it('stays silent for a conversation an officer holds, passing the message on', () => {
    const w = new Walk({ ...initialState(), owner: { kind: 'officer', since: NOW } });
    expect(w.say('مرحبا')).toEqual([{ type: 'emit', event: 'message.for-officer', payload: { text: 'مرحبا', attachments: [] } }]);
  });
});

describe('did you mean', () => {
  // Two topics of the shipped knowledge base lie close for this one word.
  const CLOSE = 'التوزيع';

  it('offers both topics as choices, then "something else" for an officer, then the main menu', () => {
    expect(ctx.answerer.answer(CLOSE).kind, 'the knowledge base still finds this word ambiguous').toBe('ambiguous');
    const w = new Walk();
    w.say('السلام عليكم');
    const effects = w.say(CLOSE);
    const offer = sends(effects).at(-1)!;
    expect(offer.text).toBe(texts.didYouMean.ar);
    expect(offer.choices).toEqual([
      { id: 'topic:volunteer', label: expect.any(String) },
      { id: 'topic:services', label: expect.any(String) },
      { id: 'cmd:officer', label: 'شيء آخر' },
      { id: 'cmd:menu', label: 'القائمة الرئيسية' },
    ]);
    expect(w.state.offered).toEqual(offer.choices);
  });

  it('answers the topic tapped, and "something else" (tapped or its number typed) reaches an officer', () => {
    const tapped = new Walk();
    tapped.say('السلام عليكم');
    tapped.say(CLOSE);
    const topic = ctx.answerer.topic('volunteer')!;
    expect(textOf(tapped.say('', { choiceId: 'topic:volunteer' }))).toContain(topic.answer.ar.slice(0, 20));

    const typed = new Walk();
    typed.say('السلام عليكم');
    typed.say(CLOSE);
    const officer = typed.say('3');
    expect(officer.at(-1)).toEqual({ type: 'handoff', reason: 'asked' });
    expect(typed.state.handoff).toEqual({ status: 'opening' });
    // The runner opens the handoff and answers with the place in the queue.
    const queued = typed.input({ type: 'control', now: NOW, control: { kind: 'queued', handoffId: 'h1', position: 2, waitMs: 4 * 60_000, office: { open: true } } });
    expect(textOf(queued)).toContain('ترتيبك في قائمة الانتظار: 2. الانتظار المتوقع نحو 4 دقيقة.');
    // Without a queue (handoffs off), the contacts and the menu.
    const alone = new Walk();
    alone.say('السلام عليكم');
    alone.say('ابي اكلم موظف');
    const contacts = alone.input({ type: 'control', now: NOW, control: { kind: 'not-queued' } });
    expect(textOf(contacts)).toContain('يسعدنا تواصلك مع أحد موظفي علاقات المستفيدين');
    expect(lastChoices(contacts)).toEqual(MENU);
  });

  it('says "something else" in English to an English conversation', () => {
    const w = new Walk({ ...initialState('en'), localeChosen: true });
    w.say('hello');
    expect(sends(w.say(CLOSE)).at(-1)!.choices!.map((c) => c.label).slice(2)).toEqual(['Something else', 'Main menu']);
  });
});

describe('inquiry.missed', () => {
  const missed = (effects: Effect[]) => emits(effects).filter((e) => e.event === 'inquiry.missed').map((e) => e.payload);

  it('is emitted with the out-of-scope reply, at the first message and at the menu', () => {
    const w = new Walk();
    const first = w.say('وش رايك في مباراة الهلال امس');
    expect(textOf(first)).toContain(texts.notUnderstood.ar);
    expect(missed(first)).toEqual([{ reason: 'out-of-scope', text: 'وش رايك في مباراة الهلال امس', locale: 'ar' }]);
    // The second message in a row the bot cannot place goes to an officer.
    const atMenu = w.say('كم سعر الذهب اليوم');
    expect(textOf(atMenu)).toContain(handoffTexts.notUnderstoodTwice.ar);
    expect(atMenu.at(-1)).toEqual({ type: 'handoff', reason: 'not-understood' });
    expect(missed(atMenu)).toEqual([{ reason: 'out-of-scope', text: 'كم سعر الذهب اليوم', locale: 'ar' }]);
    // One placed message in between breaks the run.
    const broken = new Walk();
    broken.say('وش رايك في مباراة الهلال امس');
    broken.say('متى أوقات الدوام؟');
    expect(textOf(broken.say('كم سعر الذهب اليوم'))).toContain(texts.notUnderstood.ar);
  });

  it('is emitted when did-you-mean is offered, naming both topics', () => {
    const w = new Walk();
    w.say('السلام عليكم');
    expect(missed(w.say('التوزيع'))).toEqual([{ reason: 'ambiguous', text: 'التوزيع', locale: 'ar', topics: ['volunteer', 'services'] }]);
  });

  it('is emitted when an officer is asked for right after a knowledge answer, by word or from the menu', () => {
    const byWord = new Walk();
    byWord.say('السلام عليكم');
    const answer = byWord.say('متى أوقات الدوام؟');
    expect(missed(answer)).toEqual([]);
    const topic = byWord.state.lastAnswer!.topic;
    expect(byWord.state.lastAnswer).toEqual({ topic, text: 'متى أوقات الدوام؟' });
    const officer = byWord.say('ابي اكلم موظف');
    expect(officer.at(-1)).toEqual({ type: 'handoff', reason: 'asked' });
    expect(missed(officer)).toEqual([{ reason: 'officer-after-answer', text: 'متى أوقات الدوام؟', locale: 'ar', topics: [topic] }]);

    const fromMenu = new Walk();
    fromMenu.say('السلام عليكم');
    fromMenu.say('متى أوقات الدوام؟');
    const picked = fromMenu.say('6');
    expect(fromMenu.state.at).toEqual({ flowId: 'main', stepId: 'menu' });
    expect(missed(picked)).toEqual([{ reason: 'officer-after-answer', text: 'متى أوقات الدوام؟', locale: 'ar', topics: [topic] }]);
  });

  it('is not emitted for an officer asked for after anything but an answer', () => {
    const w = new Walk();
    w.say('السلام عليكم');
    w.say('متى أوقات الدوام؟');
    w.say('القائمة');
    expect(w.state.lastAnswer).toBeUndefined();
    expect(missed(w.say('ابي اكلم موظف'))).toEqual([]);
  });
});
