import { randomBytes } from 'node:crypto';
import type { Activity, ChannelAccount, ConversationAccount } from 'botbuilder';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { SanadError } from '../../src/errors.js';
import { replyError } from '../../src/server/reply-error.js';
import { safeEqual } from '../../src/server/safe-equal.js';
import { type ActivityLog, activitySet, type StoredActivity, withFileTickets } from './activity-log.js';
import type { Account, StoredFile } from './activities.js';
import type { SanadBot } from './bot.js';
import type { DirectLineBotAdapter } from './directline-adapter.js';
import { StoreDownError } from '../../src/errors.js';
import type { FileStore } from './files.js';
import type { StreamHub } from './stream-hub.js';
import type { TokenClaims, TokenSigner } from './tokens.js';

/** The channel id our Direct Line stamps on activities, as Azure's Direct Line does. */
export const CHANNEL_ID = 'directline';
/** The largest activity a client may post (a 4,000-character message is far below it). */
const ACTIVITY_BODY_LIMIT = 64 * 1024;

/**
 * Polls being answered at once, at most: a Redis that stalls cannot make them pile up in memory
 * (past it a poll is told 503 and the client polls again a second later).
 */
const MAX_POLLS_IN_FLIGHT = 2_000;

const ConversationId = z.string().regex(/^[\w-]{8,64}$/);
const Watermark = z.coerce.number().int().min(0).max(1_000_000);

/** What a client may post: everything else it sends is dropped, so the transcript holds nothing unexpected. */
const IncomingActivity = z.object({
  type: z.enum(['message', 'event', 'typing']),
  text: z.string().max(4000, 'a message is at most 4000 characters').optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  locale: z.string().max(20).optional(),
  localTimestamp: z.string().max(40).optional(),
  localTimezone: z.string().max(60).optional(),
  name: z.string().max(200).optional(),
  value: z.unknown().optional(),
  from: z.object({ id: z.string().max(200).optional(), name: z.string().max(200).optional() }).optional(),
  channelData: z.record(z.string(), z.unknown()).optional(),
  entities: z.array(z.record(z.string(), z.unknown())).max(10).optional(),
  attachments: z.array(z.unknown()).max(0, 'files are sent through /upload').optional(),
});
type IncomingActivity = z.infer<typeof IncomingActivity>;

const StartBody = z
  .object({ user: z.object({ id: z.string().regex(/^[\w.:@-]{1,100}$/).optional(), name: z.string().max(100).optional() }).optional(), locale: z.string().max(20).optional() })
  .optional();

export interface DirectLineDeps {
  activities: ActivityLog;
  hub: StreamHub;
  signer: TokenSigner;
  files: FileStore;
  adapter: DirectLineBotAdapter;
  bot: SanadBot;
  botAccount: Account;
  log: Logger;
  /** Public base URL (WEBCHAT_PUBLIC_URL); unset, each request's own Host is used. */
  publicUrl?: string | undefined;
  /** Server-to-server secret (WEBCHAT_DIRECTLINE_SECRET). */
  secret?: string | undefined;
  uploadMaxBytes: number;
  /** LIMIT_TOKENS_PER_HOUR, LIMIT_MESSAGES_PER_MINUTE, LIMIT_UPLOADS_PER_HOUR (counted when the server has limits on). */
  limits: WebchatLimits;
  /** Whether the bot's last question in this conversation asks for a document (uploads are refused otherwise). */
  uploadOpen(conversationId: string): Promise<boolean>;
}

export interface WebchatLimits {
  tokensPerHour: number;
  messagesPerMinute: number;
  uploadsPerHour: number;
}

const HOUR_MS = 3600_000;

/** Route options that count requests per client address. */
export function perAddress(max: number, timeWindow = HOUR_MS) {
  return { config: { rateLimit: { max, timeWindow } } };
}

/** Route options that count requests per Direct Line conversation (the `:id` in the path). */
function perConversation(max: number, timeWindow: number) {
  return { config: { rateLimit: { max, timeWindow, keyGenerator: (req: FastifyRequest) => `conv:${String((req.params as { id?: string }).id).slice(0, 64)}` } } };
}

type Auth = { kind: 'token'; claims: TokenClaims } | { kind: 'secret' };

/**
 * The thumbnails Web Chat made of the visitor's photos (small data: URLs), kept on the echo so
 * the transcript shows the photo; anything else a client puts there is dropped.
 */
function thumbnailsOf(described: unknown): (string | undefined)[] {
  if (!Array.isArray(described)) return [];
  return described.map((a) => {
    const url = (a as { thumbnailUrl?: unknown } | null)?.thumbnailUrl;
    return typeof url === 'string' && url.length <= 48 * 1024 && /^data:image\/(jpeg|png|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(url) ? url : undefined;
  });
}

export function newConversationId(): string {
  return randomBytes(16).toString('base64url');
}

/** `dl_` marks a user id that comes from a token (botframework-directlinejs refuses to set such ids itself). */
export function newUserId(): string {
  return `dl_${randomBytes(12).toString('base64url')}`;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new SanadError('SANAD_ERR_WEBCHAT_ACTIVITY', `${what}: ${z.prettifyError(r.error).replace(/\n/g, ' ')}`);
  return r.data;
}

/** The Direct Line 3.0 subset Web Chat and botframework-directlinejs use, under /v3/directline. */
export async function directLineRoutes(app: FastifyInstance, d: DirectLineDeps): Promise<void> {
  const baseUrl = (req: FastifyRequest) => {
    if (d.publicUrl) return d.publicUrl.replace(/\/+$/, '');
    const proto = String(req.headers['x-forwarded-proto'] ?? req.protocol).split(',')[0]!.trim();
    return `${proto === 'https' ? 'https' : 'http'}://${req.headers['x-forwarded-host'] ?? req.headers.host ?? 'localhost'}`;
  };
  const streamUrl = (req: FastifyRequest, conv: string, user: string, watermark?: number) =>
    `${baseUrl(req).replace(/^http/, 'ws')}/v3/directline/conversations/${conv}/stream?t=${d.signer.sign(conv, user, 'stream')}${watermark !== undefined ? `&watermark=${watermark}` : ''}`;
  const fileUrl = (conv: string, storageKey: string) => `${d.publicUrl?.replace(/\/+$/, '') ?? ''}/v3/directline/conversations/${conv}/attachments/${storageKey}`;

  const authorize = (req: FastifyRequest, conversationId?: string): Auth => {
    const header = req.headers.authorization;
    const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!m) throw new SanadError('SANAD_ERR_WEBCHAT_NO_TOKEN', 'missing "Authorization: Bearer <token>"; get a token from POST /api/webchat/token');
    const given = m[1]!;
    if (d.secret && safeEqual(given, d.secret)) return { kind: 'secret' };
    const claims = d.signer.verify(given);
    if (conversationId !== undefined && claims.conv !== conversationId) {
      throw new SanadError('SANAD_ERR_WEBCHAT_FORBIDDEN', 'this token belongs to another conversation');
    }
    return { kind: 'token', claims };
  };
  const conversationParam = (req: FastifyRequest): string => {
    const r = ConversationId.safeParse((req.params as { id?: string }).id);
    if (!r.success) throw new SanadError('SANAD_ERR_WEBCHAT_NO_CONVERSATION', 'no such conversation');
    return r.data;
  };
  const existing = async (conv: string) => {
    const record = await d.activities.get(conv);
    if (!record) throw new SanadError('SANAD_ERR_WEBCHAT_NO_CONVERSATION', 'no such conversation (never started, or expired): start a new one');
    return record;
  };
  const tokenReply = (conv: string, user: string) => ({ conversationId: conv, token: d.signer.sign(conv, user), expires_in: d.signer.ttlSeconds });

  // ---- tokens -------------------------------------------------------------

  app.post('/v3/directline/tokens/generate', perAddress(d.limits.tokensPerHour), async (req) => {
    if (authorize(req).kind !== 'secret') throw new SanadError('SANAD_ERR_WEBCHAT_TOKEN', 'tokens/generate needs the Direct Line secret');
    const body = parse(StartBody, req.body ?? undefined, 'token request');
    return tokenReply(newConversationId(), body?.user?.id ?? newUserId());
  });

  app.post('/v3/directline/tokens/refresh', async (req) => {
    const auth = authorize(req);
    if (auth.kind !== 'token') throw new SanadError('SANAD_ERR_WEBCHAT_TOKEN', 'only a token can be refreshed');
    return tokenReply(auth.claims.conv, auth.claims.user);
  });

  // ---- conversations --------------------------------------------------------

  app.post('/v3/directline/conversations', perAddress(d.limits.tokensPerHour), async (req, reply) => {
    const auth = authorize(req);
    const body = parse(StartBody, req.body ?? undefined, 'conversation start');
    const conv = auth.kind === 'token' ? auth.claims.conv : newConversationId();
    const user = auth.kind === 'token' ? auth.claims.user : (body?.user?.id ?? newUserId());
    const locale = body?.locale ?? 'ar-SA';
    const created = await d.activities.create(conv, user, locale);
    if (created) {
      // The bot hears the visitor join (and welcomes him) before the client reads anything.
      const joined: Partial<Activity> = {
        ...envelope(conv, { id: user, role: 'user' }, locale),
        id: `${conv}|start`,
        type: 'conversationUpdate',
        membersAdded: [{ id: user, role: 'user' } as ChannelAccount],
      };
      await d.adapter.processActivity(joined, (ctx) => d.bot.run(ctx));
    }
    return reply.code(created ? 201 : 200).send({ ...tokenReply(conv, user), streamUrl: streamUrl(req, conv, user), referenceGrammarId: '' });
  });

  app.get('/v3/directline/conversations/:id', async (req) => {
    const conv = conversationParam(req);
    const auth = authorize(req, conv);
    const record = await existing(conv);
    const w = (req.query as { watermark?: string }).watermark;
    const watermark = w ? parse(Watermark, w, 'watermark') : undefined;
    const user = auth.kind === 'token' ? auth.claims.user : record.user;
    return { ...tokenReply(conv, user), streamUrl: streamUrl(req, conv, user, watermark), referenceGrammarId: '' };
  });

  // Polled every second by every open widget without WebSocket: kept out of the request log.
  let polling = 0;
  app.get('/v3/directline/conversations/:id/activities', { logLevel: 'warn' }, async (req, reply) => {
    const conv = conversationParam(req);
    authorize(req, conv);
    const w = (req.query as { watermark?: string }).watermark;
    const watermark = w ? parse(Watermark, w, 'watermark') : 0;
    if (polling >= MAX_POLLS_IN_FLIGHT) throw new StoreDownError('too many polls waiting on storage: poll again shortly');
    polling++;
    const [record, set] = await Promise.all([d.activities.get(conv), d.activities.read(conv, watermark)]).finally(() => polling--);
    if (!record) throw new SanadError('SANAD_ERR_WEBCHAT_NO_CONVERSATION', 'no such conversation (never started, or expired): start a new one');
    return reply.type('application/json; charset=utf-8').send(withFileTickets(activitySet(set.activities, set.watermark), () => d.signer.sign(conv, 'files', 'file')));
  });

  /**
   * Stores the visitor's activity (the echo Web Chat waits for) and queues it for the engine,
   * then answers: a POST answered is a message kept, and the replies follow on the stream. A
   * POST that fails (Redis away: 503) is posted again by the client with the same
   * clientActivityID, which finds the echo and queues the message once.
   */
  const post = async (conv: string, auth: Auth, incoming: IncomingActivity, files: StoredFile[] = [], thumbnails: (string | undefined)[] = []) => {
    // The token names the user and Web Chat sends its locale: then the conversation record need
    // not be read (the append finds out if the conversation is gone).
    const record = auth.kind === 'token' && incoming.locale ? undefined : await existing(conv);
    const user = auth.kind === 'token' ? auth.claims.user : (incoming.from?.id ?? record!.user);
    const locale = incoming.locale ?? record!.locale;
    const { from, ...rest } = incoming;
    const activity: StoredActivity = {
      ...rest,
      ...envelope(conv, { id: user, role: 'user', ...(from?.name ? { name: from.name } : {}) }, locale),
      ...(files.length
        ? {
            attachments: files.map((f, i) => ({
              contentType: f.mimeType,
              contentUrl: fileUrl(conv, f.storageKey),
              ...(f.name ? { name: f.name } : {}),
              ...(thumbnails[i] && f.kind === 'image' ? { thumbnailUrl: thumbnails[i] } : {}),
            })),
          }
        : {}),
    } as unknown as StoredActivity;
    const clientId = incoming.channelData?.clientActivityID;
    const once = typeof clientId === 'string' && clientId.length <= 100 ? `client:${conv}:${clientId}` : undefined;
    // Only a message keeps the conversation alive: `typing` and `event` activities would let a
    // script hold a conversation (and its transcript) in Redis for ever.
    const result = await d.activities.append(conv, [activity], { extend: incoming.type === 'message', ...(once ? { once } : {}) });
    if (result.outcome === 'gone') throw new SanadError('SANAD_ERR_WEBCHAT_NO_CONVERSATION', 'no such conversation (expired): start a new one');
    if (result.outcome === 'full') throw new SanadError('SANAD_ERR_WEBCHAT_FULL', 'this conversation is full: start a new one');
    const id = result.ids[0]!;
    // A repeat (the client retrying) is queued again under the same id: the runner handles each message id once.
    await d.adapter.processActivity({ ...(activity as Partial<Activity>), id }, (ctx) => d.bot.run(ctx), files);
    return { id };
  };

  const envelope = (conv: string, user: Account, locale: string) => ({
    from: user as ChannelAccount,
    recipient: d.botAccount as ChannelAccount,
    conversation: { id: conv } as ConversationAccount,
    channelId: CHANNEL_ID,
    serviceUrl: d.publicUrl ?? '',
    timestamp: new Date(),
    locale,
  });

  app.post('/v3/directline/conversations/:id/activities', { bodyLimit: ACTIVITY_BODY_LIMIT, ...perConversation(d.limits.messagesPerMinute, 60_000) }, async (req) => {
    const conv = conversationParam(req);
    const auth = authorize(req, conv);
    const incoming = parse(IncomingActivity, req.body, 'activity');
    return post(conv, auth, incoming);
  });

  // ---- files ----------------------------------------------------------------

  app.post('/v3/directline/conversations/:id/upload', perConversation(d.limits.uploadsPerHour, HOUR_MS), async (req) => {
    const conv = conversationParam(req);
    const auth = authorize(req, conv);
    await existing(conv);
    if (!(await d.uploadOpen(conv))) {
      throw new SanadError('SANAD_ERR_WEBCHAT_UPLOAD_NOT_ASKED', 'files are taken only when a form asks for a document');
    }
    if (!req.isMultipart()) throw new SanadError('SANAD_ERR_WEBCHAT_UPLOAD', 'an upload is multipart/form-data: an "activity" part and "file" parts');
    let template: IncomingActivity = { type: 'message' };
    let thumbnails: (string | undefined)[] = [];
    // The body is read whole first (at most 4 files under the size limit), the files stored after:
    // whatever goes wrong while reading is the client's body, answered 4xx, never a 500.
    const uploaded: { bytes: Buffer; name: string | undefined }[] = [];
    try {
      for await (const part of req.parts()) {
        if (part.fieldname === 'activity') {
          const raw = part.type === 'file' ? (await part.toBuffer()).toString('utf8') : String(part.value);
          let json: unknown;
          try {
            json = JSON.parse(raw);
          } catch {
            throw new SanadError('SANAD_ERR_WEBCHAT_UPLOAD', 'the "activity" part is not JSON');
          }
          const { attachments: described, ...rest } = (json !== null && typeof json === 'object' ? json : {}) as Record<string, unknown>;
          template = parse(IncomingActivity, rest, 'activity');
          thumbnails = thumbnailsOf(described);
        } else if (part.type === 'file') {
          uploaded.push({ bytes: await part.toBuffer(), name: part.filename });
        }
      }
    } catch (err) {
      if (err instanceof SanadError) throw err;
      const code = (err as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new SanadError('SANAD_ERR_WEBCHAT_FILE_SIZE', `a file is larger than ${Math.round(d.uploadMaxBytes / 1024 / 1024)} MB`);
      }
      if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
        throw new SanadError('SANAD_ERR_WEBCHAT_TOO_MANY_FILES', 'at most 4 files at once');
      }
      // No boundary, a truncated body, bytes that are no multipart at all.
      throw new SanadError('SANAD_ERR_WEBCHAT_UPLOAD', `the upload is not readable multipart/form-data (${(err as Error).message})`);
    }
    const files: StoredFile[] = [];
    for (const f of uploaded) files.push(await d.files.save(conv, f.bytes, f.name));
    if (!files.length) throw new SanadError('SANAD_ERR_WEBCHAT_UPLOAD', 'the upload holds no "file" part');
    return post(conv, auth, template, files, thumbnails);
  });

  // A file is served only with its conversation's token, or the short-lived ticket its link carries;
  // never cached (a shared computer keeps nothing). The URL may carry a ticket: kept out of the log.
  app.get('/v3/directline/conversations/:id/attachments/:file', { logLevel: 'warn' }, async (req, reply: FastifyReply) => {
    let file: Awaited<ReturnType<FileStore['load']>>;
    try {
      const conv = conversationParam(req);
      const ticket = (req.query as { t?: unknown }).t;
      if (typeof ticket === 'string' && ticket) {
        if (d.signer.verify(ticket, 'file').conv !== conv) throw new SanadError('SANAD_ERR_WEBCHAT_FORBIDDEN', 'this file ticket belongs to another conversation');
      } else authorize(req, conv);
      file = await d.files.load(conv, (req.params as { file: string }).file);
      if (!file) throw new SanadError('SANAD_ERR_WEBCHAT_NO_FILE', 'no such file in this conversation');
    } catch (err) {
      if (!(err instanceof SanadError)) throw err;
      req.log.warn({ code: err.code, message: err.message, url: req.url.split('?')[0] }, 'bad request');
      return replyError(reply.header('Cache-Control', 'no-store'), err.code, err.message);
    }
    return reply
      .type(file.mimeType)
      .header('Content-Disposition', `inline${file.name ? `; filename*=UTF-8''${encodeURIComponent(file.name)}` : ''}`)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
      .header('Cache-Control', 'no-store')
      .send(file.bytes);
  });

  // ---- the WebSocket stream ---------------------------------------------------

  app.get(
    '/v3/directline/conversations/:id/stream',
    {
      websocket: true,
      // The URL carries a stream ticket: keep it out of the request log.
      logLevel: 'warn',
      preValidation: async (req, reply) => {
        try {
          const conv = conversationParam(req);
          const q = req.query as { t?: string; watermark?: string };
          const claims = d.signer.verify(String(q.t ?? ''), 'stream');
          if (claims.conv !== conv) throw new SanadError('SANAD_ERR_WEBCHAT_FORBIDDEN', 'this stream ticket belongs to another conversation');
          await existing(conv);
          if (q.watermark) parse(Watermark, q.watermark, 'watermark');
        } catch (err) {
          if (!(err instanceof SanadError)) throw err;
          // Answered here rather than by the server's error handler, which logs the URL (and the ticket in it).
          req.log.warn({ code: err.code, message: err.message, url: req.url.split('?')[0] }, 'bad request');
          return replyError(reply, err.code, err.message);
        }
      },
    },
    (socket, req) => {
      const conv = (req.params as { id: string }).id;
      const w = (req.query as { watermark?: string }).watermark;
      void d.hub.attach(conv, socket, w ? Number(w) : 0);
    },
  );
}
