import type { Text } from './text.js';

/** What the engine itself says around a satisfaction survey (the questions are in `flows/survey.flow.yaml`). */
export const surveyTexts = {
  reminder: {
    ar: 'تذكير لطيف: يسعدنا سماع رأيك في الخدمة التي قُدّمت لك، ويكفي أقل من دقيقة.',
    en: 'A gentle reminder: we would be glad to hear your view of the service you received; it takes less than a minute.',
  },
} as const satisfies Record<string, Text>;
