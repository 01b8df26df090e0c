import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { AssociationProfile } from '../domain/profile.js';
import { renderText } from '../engine/vars.js';
import { zodProblems, throwIfAny, type FileProblem } from '../files/problems.js';
import { readDataFile } from '../files/read.js';
import { Text } from '../i18n/text.js';
import type { Answerer } from '../knowledge/answerer.js';
import type { Locale } from '../messages/model.js';

/** `flows/canned-replies.yaml`: short replies officers send often, offered in the conversation view. */
export const CannedReplies = z.array(z.object({ id: z.string().regex(/^[a-z][a-z0-9-]*$/), label: Text, text: Text }).strict());
export type CannedReplies = z.infer<typeof CannedReplies>;

/** Reads the canned replies (none when the file is absent); a wrong file stops start-up with its place. */
export function loadCannedReplies(flowsDir: string): CannedReplies {
  const file = join(flowsDir, 'canned-replies.yaml');
  if (!existsSync(file)) return [];
  const problems: FileProblem[] = [];
  const data = readDataFile(file, problems);
  const parsed = CannedReplies.safeParse(data ?? []);
  if (!parsed.success) problems.push(...zodProblems(file, parsed.error, data));
  throwIfAny(problems);
  return parsed.success ? parsed.data : [];
}

/** What helps an officer answer: the canned replies, and the knowledge base's answer to the last message. */
export class Assist {
  constructor(
    private readonly o: { answerer: Answerer; profile: AssociationProfile; canned: CannedReplies },
  ) {}

  /** Each canned reply, labelled in the officer's language, its text in the beneficiary's. */
  canned(locale: Locale, officerLocale: Locale = locale): { label: string; text: string }[] {
    return this.o.canned.map((c) => ({ label: c.label[officerLocale], text: renderText(c.text, locale, this.o.profile, {}) }));
  }

  /** The answer the matcher finds for the beneficiary's last message, if it finds one topic with an answer. */
  suggest(lastMessage: string | undefined, locale: Locale): string | undefined {
    if (!lastMessage?.trim()) return undefined;
    const answer = this.o.answerer.answer(lastMessage);
    if (answer.kind !== 'topic' || answer.topic.flow || answer.topic.command || answer.topic.id === 'greeting') return undefined;
    return renderText(answer.topic.answer, locale, this.o.profile, {});
  }
}
