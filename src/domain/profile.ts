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
    /**
     * The people the association serves, as its beneficiaries write them, in every language and
     * number (أيتام، يتيم، orphan, orphans …). Not shown; the matcher reads them as things one may ask
     * about («الاوراق المطلوبة للايتام», "is a widow eligible"), as it reads the request types.
     */
    serves: z.array(z.string().min(1)).default([]),
    /** Days the research committee promises to decide a request in (the SLA): older undecided requests are highlighted. */
    requestSlaDays: z.number().int().min(1).max(365).default(14),
    /** The PDPL notice shown before any form collects personal data. Its version is kept with each consent. */
    privacyNotice: z.object({ version: z.string().min(1), text: Text }).strict(),
    /**
     * How long each kind of record is kept (PDPL): the retention job erases what is due. Conversations
     * (state, transcript, files no request kept) expire in Redis after their last message; the
     * process refuses a CONVERSATION_TTL_HOURS longer than `conversationDays`.
     */
    retention: z
      .object({
        conversationDays: z.number().int().min(1).max(3650).default(30),
        /** Accepted or rejected requests, counted from the decision. */
        closedRequestYears: z.number().min(0.01).max(50).default(5),
        complaintYears: z.number().min(0.01).max(50).default(2),
        /** A beneficiary record with no request left, counted from its last change. */
        beneficiaryYears: z.number().min(0.01).max(50).default(5),
        /** The privacy audit log. */
        auditYears: z.number().min(0.01).max(50).default(5),
      })
      .strict()
      .default({ conversationDays: 30, closedRequestYears: 5, complaintYears: 2, beneficiaryYears: 5, auditYears: 5 }),
  })
  .strict();
export type AssociationProfile = z.infer<typeof AssociationProfile>;
