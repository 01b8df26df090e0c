import { createHash } from 'node:crypto';
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConversationReference,
  TurnContext,
} from 'botbuilder';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from '../../src/config.js';
import type { ConversationRef, OutboundMessage } from '../../src/messages/model.js';
import type { Keys } from '../../src/store/keys.js';
import { replyError } from '../../src/server/reply-error.js';
import type { Redis } from '../../src/store/redis.js';
import { toActivity } from './activities.js';
import { ADDRESS, CHOICE_STYLE, WAIT_FOR_TURN, type SanadBot } from './bot.js';

/** CloudAdapter with its authenticated entry point open to our own route (Fastify, not Express). */
class SanadCloudAdapter extends CloudAdapter {
  run(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** Addresses of Azure Bot Service conversations start with this; Direct Line ids never do. */
const AZURE_PREFIX = 'az-';

export function isAzureAddress(address: string): boolean {
  return address.startsWith(AZURE_PREFIX);
}

/** A short, stable address for an Azure conversation (Teams ids run to hundreds of characters). */
export function azureAddress(activity: Partial<Activity>): string {
  const id = `${activity.channelId}|${activity.conversation?.id}`;
  return `${AZURE_PREFIX}${createHash('sha256').update(id).digest('base64url').slice(0, 32)}`;
}

/** A failure inside the bot's turn (the request itself was genuine). */
class TurnFailed extends Error {
  constructor(readonly inner: Error) {
    super(inner.message);
  }
}

/** What botbuilder (and the jsonwebtoken it uses) throws for a token that does not pass. */
const AUTH_ERRORS = new Set(['AuthenticationError', 'JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

const IncomingBody = z.looseObject({ type: z.string().min(1).max(100) });

export interface AzureOptions {
  config: Readonly<Config>;
  redis: Redis;
  keys: Keys;
  bot: SanadBot;
  log: Logger;
  conversationTtlSeconds: number;
  /** Bot Framework endpoints, for tests and sovereign clouds (defaults: the public Azure cloud). */
  endpoints?: Partial<ConfigurationBotFrameworkAuthenticationOptions>;
}

/**
 * Azure Bot Service, when MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD are set: `/api/messages`
 * takes Bot Framework traffic with its JWT checked (a request without a valid token gets 401),
 * so an association can add the channels Azure offers. Replies go back through the Bot
 * Framework connector. Without credentials the route does not exist: an unauthenticated
 * endpoint would make the bot post to any `serviceUrl` it is given.
 */
export class AzureChannel {
  readonly adapter: SanadCloudAdapter;
  private readonly appId: string;
  /** Conversations whose turn is running in this process: their replies go out with that turn. */
  private readonly inTurn = new Map<string, TurnContext>();

  constructor(private readonly o: AzureOptions) {
    const c = o.config;
    this.appId = c.MICROSOFT_APP_ID!;
    const auth = new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: c.MICROSOFT_APP_ID,
      MicrosoftAppPassword: c.MICROSOFT_APP_PASSWORD,
      MicrosoftAppType: c.MICROSOFT_APP_TYPE ?? (c.MICROSOFT_APP_TENANT_ID ? 'SingleTenant' : 'MultiTenant'),
      ...(c.MICROSOFT_APP_TENANT_ID ? { MicrosoftAppTenantId: c.MICROSOFT_APP_TENANT_ID } : {}),
      ...o.endpoints,
    });
    this.adapter = new SanadCloudAdapter(auth);
    this.adapter.onTurnError = async (context, error) => {
      o.log.error({ err: error, channelId: context.activity.channelId }, 'azure turn failed');
      throw new TurnFailed(error);
    };
  }

  static configured(config: Readonly<Config>): boolean {
    return Boolean(config.MICROSOFT_APP_ID && config.MICROSOFT_APP_PASSWORD);
  }

  routes(app: FastifyInstance): void {
    app.post('/api/messages', { bodyLimit: 256 * 1024 }, async (req, reply) => {
      const body = IncomingBody.safeParse(req.body);
      if (!body.success) {
        req.log.warn('azure: /api/messages got a body that is not an activity');
        return replyError(reply, 'SANAD_ERR_WEBCHAT_ACTIVITY', 'the body is not a Bot Framework activity');
      }
      const authHeader = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
      try {
        const invoke = await this.adapter.run(authHeader, body.data as unknown as Activity, async (context) => {
          const address = azureAddress(context.activity);
          await this.o.redis.set(this.o.keys.webchatAzureRef(address), JSON.stringify(TurnContext.getConversationReference(context.activity)), {
            expiration: { type: 'EX', value: this.o.conversationTtlSeconds },
          });
          context.turnState.set(ADDRESS, address);
          context.turnState.set(CHOICE_STYLE, 'imBack');
          // Replies go with this turn (in the HTTP answer for `expectReplies`): wait for it.
          context.turnState.set(WAIT_FOR_TURN, true);
          this.inTurn.set(address, context);
          try {
            await this.o.bot.run(context);
          } finally {
            if (this.inTurn.get(address) === context) this.inTurn.delete(address);
          }
        });
        return reply.code(invoke?.status ?? 200).send(invoke?.body ?? '');
      } catch (err) {
        if (err instanceof TurnFailed) return replyError(reply, 'SANAD_ERR_INTERNAL', 'internal error');
        if (AUTH_ERRORS.has((err as Error).name) || (err as { statusCode?: number }).statusCode === 401) {
          req.log.warn({ reason: (err as Error).message }, 'azure: /api/messages refused a request without a valid Bot Framework token');
          return replyError(reply, 'SANAD_ERR_WEBCHAT_AZURE_AUTH', 'a valid Bot Framework token is required');
        }
        // The token could not be checked (the Bot Framework's key endpoint unreachable): the sender retries.
        req.log.error({ err }, 'azure: could not check the Bot Framework token');
        return replyError(reply, 'SANAD_ERR_WEBCHAT_AZURE_UNREACHABLE', 'the Bot Framework token could not be checked now; try again');
      }
    });
  }

  /** Sends replies to an Azure conversation through the Bot Framework connector, once per turn key. */
  async send(ref: ConversationRef, messages: OutboundMessage[], key: string): Promise<void> {
    const { redis, keys, log } = this.o;
    const once = keys.webchatOnce(`azure:${key}`);
    if (await redis.exists(once)) return;
    const raw = await redis.get(keys.webchatAzureRef(ref.address));
    if (!raw) {
      log.warn({ address: ref.address }, 'azure: no conversation reference (expired); reply dropped');
      return;
    }
    const reference = JSON.parse(raw) as Partial<ConversationReference>;
    const activities = messages.map((m) => toActivity(m, { bot: reference.bot!, user: reference.user, choices: 'imBack' }));
    // Within the visitor's turn, the turn replies (a reply to his activity, or in the HTTP answer
    // when the channel asked for `expectReplies`); otherwise a proactive message.
    const turn = this.inTurn.get(ref.address);
    if (turn) await turn.sendActivities(activities);
    else await this.adapter.continueConversationAsync(this.appId, reference, (context) => context.sendActivities(activities).then(() => undefined));
    // Marked after sending: a crash in between sends the replies twice rather than never.
    await redis.set(once, '1', { expiration: { type: 'EX', value: this.o.conversationTtlSeconds } });
  }
}
