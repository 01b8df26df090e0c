import { z } from 'zod';
import { Text } from '../i18n/text.js';
import { OfficeHours } from './office-hours.js';
import { Option } from './option.js';

/**
 * The association's profile (`flows/association.yaml`): everything that differs from one
 * association to another, so a new association edits a file and never the code.
 */
export const AssociationProfile = z
  .object({
    name: Text,
    /** Shown on the web page and the chat widget. */
    colour: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#0F7B6C'),
    contact: z
      .object({
        phone: z.string().min(3),
        whatsapp: z.string().optional(),
        email: z.email().optional(),
        website: z.url().optional(),
        address: Text,
        mapUrl: z.url().optional(),
      })
      .strict(),
    workingHours: Text,
    /** When officers answer chats handed over by the bot (days, hours, time zone, holidays incl. Hijri ones). */
    officeHours: OfficeHours.optional(),
    /** What the beneficiary is told joined his chat: the officer's first name, or a role name. */
    officerDisplay: z.union([z.literal('first-name'), z.object({ role: Text }).strict()]).default('first-name'),
    /** Kinds of support a beneficiary can request; `id` is stored, `label` is shown. */
    requestTypes: z.array(Option).min(1),
    cities: z.array(Option).min(1),
    /** Days the research committee promises to decide a request in (the SLA): older undecided requests are highlighted. */
    requestSlaDays: z.number().int().min(1).max(365).default(14),
    /** The PDPL notice shown before any form collects personal data. Its version is kept with each consent. */
    privacyNotice: z.object({ version: z.string().min(1), text: Text }).strict(),
  })
  .strict();
export type AssociationProfile = z.infer<typeof AssociationProfile>;
