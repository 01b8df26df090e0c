import { z } from 'zod';

/**
 * The webhook body Meta POSTs for the `messages` field (Cloud API "webhooks payload examples").
 * Objects are loose: Meta adds fields; Sanad reads only these.
 */

const Media = z.looseObject({
  id: z.string().min(1).max(200),
  mime_type: z.string().max(200).optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
});

const Reply = z.looseObject({ id: z.string().min(1).max(256), title: z.string().max(200) });

export const CloudMessage = z.looseObject({
  /** The wamid. */
  id: z.string().min(1).max(300),
  /** The sender's `wa_id`: his number in international form, digits only. */
  from: z.string().regex(/^\d{5,20}$/),
  timestamp: z.string().regex(/^\d+$/).optional(),
  type: z.string().min(1).max(40),
  text: z.looseObject({ body: z.string() }).optional(),
  interactive: z
    .looseObject({ type: z.string(), button_reply: Reply.optional(), list_reply: Reply.optional() })
    .optional(),
  /** A quick-reply button of a template. */
  button: z.looseObject({ payload: z.string().max(256).optional(), text: z.string().max(200) }).optional(),
  image: Media.optional(),
  document: Media.optional(),
  audio: Media.optional(),
  video: Media.optional(),
  sticker: Media.optional(),
});
export type CloudMessage = z.infer<typeof CloudMessage>;

export const CloudStatus = z.looseObject({
  /** The wamid of the message Sanad sent. */
  id: z.string().min(1).max(300),
  status: z.string().min(1).max(40),
  timestamp: z.string().regex(/^\d+$/).optional(),
  errors: z
    .array(z.looseObject({ code: z.number().int(), title: z.string().optional(), message: z.string().optional() }))
    .optional(),
});
export type CloudStatus = z.infer<typeof CloudStatus>;

export const CloudWebhook = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.looseObject({
      changes: z.array(
        z.looseObject({
          field: z.string(),
          value: z.looseObject({
            metadata: z.looseObject({ phone_number_id: z.string() }).optional(),
            messages: z.array(CloudMessage).optional(),
            statuses: z.array(CloudStatus).optional(),
          }),
        }),
      ),
    }),
  ),
});
export type CloudWebhook = z.infer<typeof CloudWebhook>;
