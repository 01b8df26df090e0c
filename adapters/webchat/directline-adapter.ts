import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { Logger } from 'pino';
import { SanadError } from '../../src/errors.js';
import type { ActivityLog, StoredActivity } from './activity-log.js';
import type { StoredFile } from './activities.js';
import { ADDRESS, CHOICE_STYLE, FILES } from './bot.js';

/**
 * The botbuilder adapter behind our own Direct Line: a turn's `sendActivity` appends to the
 * conversation's activity list in Redis (where polling and the WebSockets of every process
 * read it) instead of POSTing to a Bot Framework connector.
 */
export class DirectLineBotAdapter extends BotAdapter {
  constructor(
    private readonly activities: ActivityLog,
    private readonly log: Logger,
  ) {
    super();
    // The failure reaches the HTTP route, which answers 500: the client posts again, the echo is
    // found by its clientActivityID and the turn is run again (the runner handles it once).
    this.onTurnError = async (context, error) => {
      this.log.error({ err: error, activityType: context.activity.type }, 'webchat turn failed');
      throw error;
    };
  }

  /** Runs one incoming activity (already stored and echoed) through the bot. */
  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>, files: readonly StoredFile[] = []): Promise<void> {
    const context = new TurnContext(this, activity);
    context.turnState.set(ADDRESS, activity.conversation?.id);
    context.turnState.set(FILES, files);
    context.turnState.set(CHOICE_STYLE, 'messageBack');
    await this.runMiddleware(context, logic);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation!.id;
    const out = activities.filter((a) => a.type !== 'delay' && a.type !== 'invokeResponse');
    if (!out.length) return activities.map(() => ({ id: '' }));
    const stored = out.map((a) => ({ ...a, timestamp: new Date().toISOString() }) as unknown as StoredActivity);
    const result = await this.activities.append(conversationId, stored);
    if (result.outcome !== 'ok' && result.outcome !== 'dup') {
      this.log.warn({ outcome: result.outcome }, 'webchat reply not stored: the conversation is gone or full');
      return out.map(() => ({ id: '' }));
    }
    return result.ids.map((id) => ({ id }));
  }

  async updateActivity(): Promise<void> {
    throw new SanadError('SANAD_ERR_WEBCHAT_UNSUPPORTED', 'the web chat does not edit sent activities');
  }

  async deleteActivity(): Promise<void> {
    throw new SanadError('SANAD_ERR_WEBCHAT_UNSUPPORTED', 'the web chat does not delete sent activities');
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, reference, true);
    const context = new TurnContext(this, activity);
    context.turnState.set(ADDRESS, reference.conversation?.id);
    await this.runMiddleware(context, logic);
  }
}
