import { z } from 'zod';
import { ACKNOWLEDGEMENT_TEXT } from '../domain/actions.js';
import { Applicant, IntakeChannel, type NewSupportRequest } from '../domain/requests.js';
import type { Officer } from '../domain/officers.js';
import { validateAnswer } from '../engine/inputs.js';
import type { EngineContext } from '../engine/step.js';
import { t } from '../i18n/text.js';

/** The chat form's fields, in its order, as the officer-recorded form names them. */
export const FORM_FIELDS = ['fullName', 'nationalId', 'mobile', 'city', 'familySize', 'monthlyIncome', 'requestType', 'description'] as const;
const SUPPORT_FLOW = 'support-request';

const Body = z
  .object({
    ...Object.fromEntries(FORM_FIELDS.map((f) => [f, z.union([z.string(), z.number()]).optional()])),
    channel: z.unknown(),
    acknowledged: z.unknown(),
    consent: z.unknown().optional(),
  })
  .strict();

export type FormResult = { ok: true; draft: NewSupportRequest } | { ok: false; problems: { field: string; message: string }[] };

/**
 * Checks an officer-recorded request with the support-request flow's own questions (the same
 * validators, limits and option ids as the chat form), listing every problem at once.
 */
export function checkRecordedRequest(ctx: EngineContext, body: unknown, officer: Officer, now: Date): FormResult {
  const shape = Body.safeParse(body ?? {});
  if (!shape.success) {
    return { ok: false, problems: shape.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message })) };
  }
  const input = shape.data as Record<string, unknown>;
  const flow = ctx.flows.get(SUPPORT_FLOW);
  const problems: { field: string; message: string }[] = [];
  const values: Record<string, unknown> = {};
  for (const field of FORM_FIELDS) {
    const st = flow && [...flow.steps.values()].find((s) => s.kind === 'ask' && s.field === field);
    const raw = input[field];
    if (raw === undefined || raw === '') {
      problems.push({ field, message: 'required' });
      continue;
    }
    if (!st || st.kind !== 'ask') {
      values[field] = raw;
      continue;
    }
    const text = String(raw);
    const v = validateAnswer(st.input, { text, choiceId: st.input.type === 'choice' ? text : undefined, attachments: [] }, ctx.profile, 'en');
    if (v.ok) values[field] = v.value;
    else problems.push({ field, message: t(v.reason, 'en') });
  }
  const channel = IntakeChannel.safeParse(input.channel);
  if (!channel.success) problems.push({ field: 'channel', message: `one of ${IntakeChannel.options.join(', ')}` });
  if (input.acknowledged !== true) problems.push({ field: 'acknowledged', message: 'true: the acknowledgement was read out to the applicant and he agreed' });
  if (problems.length) return { ok: false, problems };
  const at = now.toISOString();
  const applicant = Applicant.parse({ ...Object.fromEntries(['fullName', 'nationalId', 'mobile', 'city', 'familySize', 'monthlyIncome'].map((f) => [f, values[f]])) });
  const how = channel.data!;
  return {
    ok: true,
    draft: {
      applicant,
      requestType: String(values.requestType),
      description: String(values.description),
      attachments: [],
      consent: { noticeVersion: ctx.profile.privacyNotice.version, at, channel: how },
      acknowledgement: { at, channel: how, text: ACKNOWLEDGEMENT_TEXT },
      recorded: { channel: how, officerId: officer.id },
      locale: 'ar',
    },
  };
}
