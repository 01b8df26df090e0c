import { z } from 'zod';
import { Text } from '../i18n/text.js';

/** One topic of the knowledge base (`flows/knowledge/*.yaml`). */
export const TopicFile = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    label: Text,
    answer: Text,
    /** Phrasings the matcher learns from; beneficiaries' own ways of asking. */
    examples: z.object({ ar: z.array(z.string()).default([]), en: z.array(z.string()).default([]) }).strict(),
    flow: z.string().optional(),
    command: z.enum(['officer', 'menu']).optional(),
  })
  .strict();
export type TopicFile = z.infer<typeof TopicFile>;

export const KnowledgeFile = z.object({ topics: z.array(TopicFile) }).strict();
