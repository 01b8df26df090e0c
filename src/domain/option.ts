import { z } from 'zod';
import { Text } from '../i18n/text.js';

/**
 * One option a beneficiary can pick: in a flow's choice question or menu, or in the association
 * profile's lists (kinds of support, cities). `id` is what is stored, `label` what is shown.
 */
export const Option = z
  .object({
    id: z.string().min(1),
    label: Text,
    /** Extra words that pick this option when typed (normalised comparison). */
    aliases: z.array(z.string()).optional(),
  })
  .strict();
export type Option = z.infer<typeof Option>;
