import { resolve } from 'node:path';
import multipart from '@fastify/multipart';
import websocket from '@fastify/websocket';
import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { z } from 'zod';
import type { ChannelPlugin, ChannelPorts } from '../../src/channels/ports.js';
import { ActivityLog } from './activity-log.js';
import { toActivity } from './activities.js';
import { AzureChannel, isAzureAddress } from './azure.js';
import { SanadBot } from './bot.js';
import { DirectLineBotAdapter } from './directline-adapter.js';
import { CHANNEL_ID, directLineRoutes, newConversationId, newUserId, perAddress, type WebchatLimits } from './directline-routes.js';
import { SanadError } from '../../src/errors.js';
import { FileStore } from './files.js';
import { AttachmentStore } from '../../src/store/attachments.js';
import { pageRoutes } from './page.js';
import { StreamHub } from './stream-hub.js';
import { resolveTokenSecret, TokenSigner } from './tokens.js';

const TokenRequest = z.object({ locale: z.string().max(20).optional() }).optional();

export interface WebchatOptions extends ChannelPorts {
  /** Where public/ is (page.js, page.css, embed.js). */
  publicDir?: string;
  /** Where webchat.js is (default public/vendor). */
  vendorDir?: string;
  /** Bot Framework endpoints for the Azure option (tests point them at a local fake). */
  azureEndpoints?: Partial<ConfigurationBotFrameworkAuthenticationOptions>;
}

export interface Webchat {
  stop(): Promise<void>;
  activities: ActivityLog;
  signer: TokenSigner;
  hub: StreamHub;
}

/**
 * Starts the web chat on the app: the page, `/api/webchat/token`, the self-hosted Direct Line,
 * the botbuilder bot, the WebSocket feed, and (with Microsoft app credentials) `/api/messages`.
 * Replies of web chat conversations are appended to their Redis activity list.
 */
export async function startWebchat(o: WebchatOptions): Promise<Webchat> {
  const { http: app, config, log, profile } = o;
  const { redis, keys } = o.store;
  const ttl = Math.round(config.CONVERSATION_TTL_HOURS * 3600);
  const signer = new TokenSigner(await resolveTokenSecret(redis, keys, config.WEBCHAT_TOKEN_SECRET), config.WEBCHAT_TOKEN_TTL_SECONDS);
  const activities = new ActivityLog(redis, keys, ttl);
  const files = new FileStore(new AttachmentStore(redis, keys, ttl));
  // Named, so an operator sees it in CLIENT LIST (and a test can cut exactly this connection).
  const subscriber = redis.duplicate({ name: `${keys.prefix}:webchat-stream` });
  subscriber.on('error', (err: Error) => log.warn({ err: err.message }, 'webchat subscriber connection error'));
  await subscriber.connect();
  const hub = new StreamHub(subscriber, keys, activities, log, (conv) => signer.sign(conv, 'files', 'file'));
  // Activities published while the subscriber was reconnecting are read back from the lists.
  subscriber.on('ready', () => hub.resync());
  const bot = new SanadBot(o.inbound, profile, log);
  const adapter = new DirectLineBotAdapter(activities, log);
  const botAccount = { id: 'sanad', name: profile.name.ar, role: 'bot' };
  const publicUrl = config.WEBCHAT_PUBLIC_URL?.replace(/\/+$/, '');
  const uploadMaxBytes = Math.round(config.WEBCHAT_UPLOAD_MAX_MB * 1024 * 1024);
  const azure = AzureChannel.configured(config)
    ? new AzureChannel({ config, redis, keys, bot, log, conversationTtlSeconds: ttl, ...(o.azureEndpoints ? { endpoints: o.azureEndpoints } : {}) })
    : undefined;

  o.outbound.register('webchat', async (ref, messages, key) => {
    if (isAzureAddress(ref.address)) {
      if (!azure) throw new SanadError('SANAD_ERR_WEBCHAT_NO_AZURE', 'a reply for an Azure conversation, but Azure Bot Service is not configured (MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD)');
      return azure.send(ref, messages, key);
    }
    const user = ref.userId ? { id: ref.userId, role: 'user' } : undefined;
    const replies = messages.map((m) => ({
      ...toActivity(m, {
        bot: botAccount,
        user,
        choices: 'messageBack',
        fileUrl: (storageKey) => `${publicUrl ?? ''}/v3/directline/conversations/${ref.address}/attachments/${storageKey}`,
      }),
      conversation: { id: ref.address },
      channelId: CHANNEL_ID,
    }));
    // `key` is the same when a turn is handled again after a crash: the replies are stored once.
    // The paperclip is open only while the bot's last question asks for a document (set in the
    // same script, before the question is published).
    const result = await activities.append(ref.address, replies as never, { once: `reply:${key}`, upload: messages.at(-1)?.expects === 'attachment' });
    if (result.outcome === 'gone' || result.outcome === 'full') log.warn({ outcome: result.outcome }, 'webchat reply dropped: the conversation is gone or full');
  });
  const limits: WebchatLimits = {
    tokensPerHour: config.LIMIT_TOKENS_PER_HOUR,
    messagesPerMinute: config.LIMIT_MESSAGES_PER_MINUTE,
    uploadsPerHour: config.LIMIT_UPLOADS_PER_HOUR,
  };

  await app.register(async (scope) => {
    await scope.register(websocket, { options: { maxPayload: 64 * 1024 } });
    await scope.register(multipart, {
      limits: { fileSize: uploadMaxBytes, files: 4, parts: 6, fields: 2, fieldSize: 64 * 1024 },
    });
    scope.post('/api/webchat/token', { bodyLimit: 4 * 1024, ...perAddress(limits.tokensPerHour) }, async (req) => {
      const body = TokenRequest.safeParse(req.body ?? undefined);
      if (!body.success) throw new SanadError('SANAD_ERR_WEBCHAT_TOKEN_REQUEST', 'the token request is `{}` or `{"locale": "ar-SA"}`');
      const conversationId = newConversationId();
      const userId = newUserId();
      return { token: signer.sign(conversationId, userId), conversationId, userId, expires_in: signer.ttlSeconds };
    });
    await directLineRoutes(scope, {
      activities,
      hub,
      signer,
      files,
      adapter,
      bot,
      botAccount,
      log,
      publicUrl,
      secret: config.WEBCHAT_DIRECTLINE_SECRET,
      uploadMaxBytes,
      limits,
      uploadOpen: async (conv) => (await redis.exists(keys.webchatUploadOpen(conv))) === 1,
    });
    const page = await pageRoutes(scope, {
      profile,
      log,
      publicDir: o.publicDir ?? resolve(import.meta.dirname, '../../public'),
      ...(o.vendorDir ? { vendorDir: o.vendorDir } : {}),
      publicUrl,
    });
    o.health.set('webchat', () => ({ sockets: hub.sockets, widget: page.bundle ? 'ok' : 'missing public/vendor/webchat.js', azure: azure ? 'on' : 'off' }));
    azure?.routes(scope);
  });
  log.info({ azure: Boolean(azure), page: '/', embed: '/embed.js', directline: '/v3/directline' }, 'webchat: the chat page is at /');

  return {
    activities,
    signer,
    hub,
    async stop() {
      await hub.close();
      await subscriber.close().catch(() => {});
    },
  };
}

/** The web chat channel (on by default; WEBCHAT_ENABLED=false turns it off). */
export const webchatPlugin: ChannelPlugin = {
  name: 'webchat',
  async setup(s) {
    if (!s.config.WEBCHAT_ENABLED) return undefined;
    const webchat = await startWebchat(s);
    return { stop: () => webchat.stop() };
  },
};
