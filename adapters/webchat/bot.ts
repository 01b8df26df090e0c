import { ActivityHandler, ActivityTypes, type TurnContext } from 'botbuilder';
import type { InboundHandler } from '../../src/channels/ports.js';
import type { AssociationProfile } from '../../src/domain/profile.js';
import { SanadError } from '../../src/errors.js';
import { t } from '../../src/i18n/text.js';
import { commandChoice } from '../../src/messages/reserved.js';
import type { Logger } from 'pino';
import { localeOf, toActivity, toInbound, type StoredFile } from './activities.js';
import { webchatTexts } from './texts.js';

/** Turn state keys the adapters fill in before the bot runs. */
export const ADDRESS = Symbol('sanad.webchat.address');
export const FILES = Symbol('sanad.webchat.files');
export const CHOICE_STYLE = Symbol('sanad.webchat.choices');
/**
 * Set by a channel whose replies must come within the turn (Azure's `expectReplies`, replies in
 * the HTTP answer): the bot waits for the engine's turn. Either way the message is queued first.
 */
export const WAIT_FOR_TURN = Symbol('sanad.webchat.wait');

/**
 * The botbuilder bot: one per process, used by the self-hosted Direct Line and by Azure Bot
 * Service alike. A message becomes an InboundMessage for the runner (which sends the replies
 * through the outbound router); while the engine works the visitor sees a typing indicator.
 * A visitor joining gets a short welcome with a Menu button.
 */
export class SanadBot extends ActivityHandler {
  constructor(
    private readonly inbound: InboundHandler,
    private readonly profile: AssociationProfile,
    private readonly log: Logger,
  ) {
    super();
    this.onMessage(async (context, next) => {
      await this.message(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const joined = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient?.id);
      if (joined.length) await this.welcome(context);
      await next();
    });
  }

  private async message(context: TurnContext): Promise<void> {
    const address = context.turnState.get(ADDRESS) as string | undefined;
    if (!address) throw new SanadError('SANAD_ERR_WEBCHAT_NO_ADDRESS', 'the adapter did not say which conversation this turn is for');
    const files = (context.turnState.get(FILES) as StoredFile[] | undefined) ?? [];
    const msg = toInbound(context.activity, address, files);
    if (!msg.text && !msg.choiceId && !msg.attachments?.length) return; // an empty message asks nothing
    // Sent alongside the engine's first Redis call rather than before it (one round trip less):
    // it reaches Redis in the same tick, a round trip before any reply can be appended.
    const typing = context.sendActivity({ type: ActivityTypes.Typing }).catch((err: unknown) => this.log.warn({ err }, 'webchat typing indicator not sent'));
    // Resolves once the message is queued for the engine; the replies follow through the
    // outbound router. Rejects (StoreDownError → 503) when it could not be queued.
    const outcome = context.turnState.get(WAIT_FOR_TURN) ? await this.inbound.handle(msg) : await this.inbound.accept(msg);
    await typing;
    if (outcome === 'duplicate') this.log.debug({ messageId: msg.messageId }, 'webchat message already handled');
  }

  private async welcome(context: TurnContext): Promise<void> {
    const locale = localeOf(context.activity.locale) ?? 'ar';
    const name = t(this.profile.name, locale);
    const style = (context.turnState.get(CHOICE_STYLE) as 'messageBack' | 'imBack' | undefined) ?? 'messageBack';
    const reply = toActivity(
      {
        text: t(webchatTexts.welcome, locale, { name }),
        choices: [{ id: commandChoice('menu'), label: t(webchatTexts.menu, locale) }],
        locale,
      },
      { bot: context.activity.recipient, user: context.activity.from, choices: style },
    );
    await context.sendActivity(reply);
  }
}
