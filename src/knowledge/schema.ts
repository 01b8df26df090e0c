import { z } from 'zod';
import { Text } from '../i18n/text.js';

export const Examples = z.object({ ar: z.array(z.string().min(1)).default([]), en: z.array(z.string().min(1)).default([]) }).strict();

/** One topic of the knowledge base (`flows/knowledge/*.yaml`). */
export const TopicFile = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    label: Text,
    /** The answer; `{phone}`, `{workingHours}`, `{address}` … are filled from association.yaml. */
    answer: Text,
    /** Phrasings the matcher learns from; beneficiaries' own ways of asking. */
    examples: Examples,
    /** Starts this flow instead of answering (the answer is used if the flow does not exist). */
    flow: z.string().optional(),
    command: z.enum(['officer', 'menu']).optional(),
  })
  .strict();
export type TopicFile = z.infer<typeof TopicFile>;

/**
 * Messages the bot must not answer (weather, football, government programmes the association
 * does not run, gibberish), learned as a class of their own: the best guard against answering
 * them with a topic that merely shares a word ("رقم حساب المواطن" is not our phone number).
 */
export const OutOfScopeFile = z
  .object({
    examples: Examples,
    /**
     * Programmes and bodies the association does not run (حساب المواطن، أبشر …): a message naming
     * one, and not the association ("عندكم", "الجمعية"), is out of scope whatever else it says
     * ("وش الأوراق المطلوبة لحساب المواطن" is not a question about our documents).
     */
    elsewhere: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type OutOfScopeFile = z.infer<typeof OutOfScopeFile>;

/** The topic id that stands for the out-of-scope examples in `learned:`. */
export const OUT_OF_SCOPE_ID = 'out-of-scope';

export const KnowledgeFile = z
  .object({
    topics: z.array(TopicFile).default([]),
    outOfScope: OutOfScopeFile.optional(),
    /**
     * More examples for topics defined in another file (topic id → examples; `out-of-scope` adds
     * out-of-scope examples): what `npm run -s misses -- assign` appends to `learned.yaml`.
     */
    learned: z.record(z.string(), Examples).optional(),
  })
  .strict();
export type KnowledgeFile = z.infer<typeof KnowledgeFile>;
