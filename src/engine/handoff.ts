import { formatDualDate } from '../i18n/dates.js';
import { handoffTexts as h } from '../i18n/handoff-texts.js';
import { fill, type Text } from '../i18n/text.js';
import { texts } from '../i18n/texts.js';
import { pickChoice } from '../messages/choices.js';
import type { Choice, InboundMessage, Locale } from '../messages/model.js';
import type { ControlInput, HandoffTrigger } from './control.js';
import type { Effect } from './effects.js';
import type { ConversationState } from './state.js';

/**
 * The conversation's side of a handoff to an officer: asking for one, the queue, the officer
 * joining, his replies, being handed back, closing, and leaving the queue. Pure, like `step`:
 * it only changes the state and describes effects; the runner opens the handoff and keeps the
 * transcript.
 */

/** The part of a turn this module needs (the engine's Turn has all of it). */
export interface HandoffTurn {
  readonly s: ConversationState;
  readonly effects: Effect[];
  readonly now: number;
  readonly locale: Locale;
  text(text: Text): string;
  send(text: string, choices?: Choice[]): void;
}

/** Where the conversation goes after a handoff ends. */
export interface AfterHandoff {
  menu(intro?: Text): void;
}

/** The words of the reserved choices a handoff offers. */
const LEAVE = 'handoff-leave';
const LEAVE_YES = 'handoff-leave-yes';
const LEAVE_NO = 'handoff-leave-no';
const WAIT = 'handoff-wait';

const filled = (text: Text, vars: Record<string, string | number>): Text => ({ ar: fill(text.ar, vars), en: fill(text.en, vars) });

/**
 * Hands the conversation over (the beneficiary asked, the bot failed, or a flow said so): a
 * form in progress is kept for "continue" afterwards, and the runner is asked to open the handoff.
 */
export function requestOfficer(turn: HandoffTurn, reason: HandoffTrigger): void {
  const s = turn.s;
  if (s.handoff) return;
  if (s.at && s.at.flowId !== 'main' && Object.keys(s.data).length) s.suspended = { at: s.at, data: s.data, trail: s.trail };
  s.data = {};
  s.trail = [];
  s.invalid = 0;
  s.offeringOfficer = false;
  s.reviewReturn = undefined;
  s.pendingAction = undefined;
  s.offered = undefined;
  s.unmatched = 0;
  s.handoff = { status: 'opening' };
  turn.effects.push({ type: 'handoff', reason });
}

function when(at: number, locale: Locale): string {
  const time = new Intl.DateTimeFormat(locale === 'ar' ? 'ar-SA' : 'en-GB', { timeZone: 'Asia/Riyadh', weekday: 'long', hour: 'numeric', minute: '2-digit' }).format(at);
  return `${time} (${formatDualDate(new Date(at), locale)})`;
}

function end(turn: HandoffTurn): void {
  turn.s.handoff = undefined;
  turn.s.owner = { kind: 'bot' };
  turn.s.offered = undefined;
}

/** An officer's action, a timer, or the runner's answer to the handoff the engine asked for. */
export function onControl(turn: HandoffTurn, c: ControlInput, after: AfterHandoff): void {
  const s = turn.s;
  // The queue's answer comes within the turn that asked; every other control is an input of its own.
  if (c.kind !== 'queued' && c.kind !== 'not-queued') s.seq++;
  const mine = 'handoffId' in c && s.handoff?.id === c.handoffId;
  switch (c.kind) {
    case 'queued': {
      s.handoff = { id: c.handoffId, status: c.officer ? 'with-officer' : 'queued', ...(c.officer ? { officer: c.officer } : {}) };
      if (c.officer) {
        s.owner = { kind: 'officer', since: turn.now };
        return turn.send(turn.text(filled(h.joined, { officer: c.officer })));
      }
      s.owner = { kind: 'bot' };
      if (!c.office.open) {
        const holiday = c.office.holiday ? fill(h.holiday[turn.locale], { holiday: c.office.holiday[turn.locale] }) : '';
        const backAt = c.office.backAt ? when(c.office.backAt, turn.locale) : h.backSoon[turn.locale];
        return turn.send(turn.text(filled(h.closedNow, { holiday, backAt })));
      }
      const minutes = c.waitMs !== undefined ? Math.max(1, Math.ceil(c.waitMs / 60_000)) : undefined;
      const wait = minutes ? fill(h.waitAbout[turn.locale], { minutes }) : h.waitShort[turn.locale];
      return turn.send(turn.text(filled(h.queued, { position: c.position ?? 1, wait })));
    }
    case 'not-queued':
      // No queue to join (handoffs off, or Redis refused): the association's contacts instead.
      s.handoff = undefined;
      turn.send(turn.text(texts.officerContact));
      return after.menu();
    case 'joined':
      // A conversation whose state expired while it waited takes its handoff back (`s.handoff` unset).
      if (!mine && s.handoff) return;
      s.handoff = { ...s.handoff, id: c.handoffId, status: 'with-officer', officer: c.officer, confirmLeave: false };
      s.owner = { kind: 'officer', since: turn.now };
      return turn.send(turn.text(filled(c.transfer ? h.transferred : h.joined, { officer: c.officer })));
    case 'reply':
      // The desk sends replies only to an open handoff: the words go out even if the state forgot it.
      turn.effects.push({ type: 'send', message: { text: c.text, locale: turn.locale }, officerId: c.officerId });
      return;
    case 'released':
      if (!mine) return;
      end(turn);
      turn.send(turn.text(h.released));
      return after.menu();
    case 'closed':
      // Deduplicated by the runner (one close id per handoff): the service is completed once.
      turn.effects.push({
        type: 'emit',
        event: 'service.completed',
        payload: { flow: 'handoff', outcome: 'resolved', locale: turn.locale, handoff: c.handoffId, channel: c.channel, officer: c.officerId ?? null, durationMs: c.durationMs, reason: c.reason },
      });
      if (!mine) return;
      end(turn);
      turn.send(turn.text(h.closed));
      return after.menu();
    case 'wait-timeout':
      if (!mine || s.handoff?.status !== 'queued') return;
      s.offered = [
        { id: WAIT, label: turn.text(h.keepWaiting) },
        { id: LEAVE, label: turn.text(h.backToBot) },
      ];
      return turn.send(turn.text(h.noOfficerYet), s.offered);
  }
}

/**
 * A message while the conversation is handed over: it goes to the officer and the bot stays
 * silent, except that the menu or cancel words (or "back to the assistant") ask first whether
 * to leave.
 */
export function onHandedOff(turn: HandoffTurn, msg: InboundMessage, command: string | undefined, after: AfterHandoff): void {
  const s = turn.s;
  const handoff = s.handoff!;
  const picked = pickChoice(s.offered ?? [], msg);
  if (handoff.confirmLeave) {
    handoff.confirmLeave = false;
    s.offered = undefined;
    if (picked?.id === LEAVE_YES || command === 'menu' || command === 'cancel') {
      if (handoff.id) turn.effects.push({ type: 'leave-handoff', handoffId: handoff.id });
      end(turn);
      turn.send(turn.text(h.left));
      return after.menu();
    }
    if (picked?.id === LEAVE_NO) return turn.send(turn.text(handoff.status === 'with-officer' ? h.stay : h.stillWaiting));
    // Anything else is a message for the officer after all.
  } else if (command === 'menu' || command === 'cancel' || picked?.id === LEAVE) {
    handoff.confirmLeave = true;
    s.offered = [
      { id: LEAVE_YES, label: turn.text(h.leaveYes) },
      { id: LEAVE_NO, label: turn.text(h.leaveNo) },
    ];
    return turn.send(turn.text(h.confirmLeave), s.offered);
  } else if (picked?.id === WAIT) {
    s.offered = undefined;
    handoff.noted = true;
    return turn.send(turn.text(h.stillWaiting));
  }
  turn.effects.push({ type: 'emit', event: 'message.for-officer', payload: { text: msg.text ?? '', attachments: msg.attachments } });
  // Waiting: told once that his words are kept; with an officer: silence, the officer answers.
  if (handoff.status !== 'with-officer' && !handoff.noted) {
    handoff.noted = true;
    turn.send(turn.text(h.messageKept));
  }
}

/**
 * Counts a message the bot could not place; the second in a row hands over to an officer.
 * Returns true when it handed over (the caller sends nothing more).
 */
export function notUnderstood(turn: HandoffTurn, before: number): boolean {
  turn.s.unmatched = before + 1;
  if (turn.s.unmatched < 2) return false;
  turn.send(turn.text(h.notUnderstoodTwice));
  requestOfficer(turn, 'not-understood');
  return true;
}
