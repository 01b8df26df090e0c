import type { Writable } from 'node:stream';
import type { ChannelAdapter, InboundHandler } from '../../src/channels/adapter.js';
import type { ConversationRef, OutboundMessage } from '../../src/messages/model.js';
import { renderAsText } from '../../src/messages/render.js';

/**
 * The terminal channel: a beneficiary chats from a shell. One process, one person
 * (`CHAT_USER`); replies are printed as text with choices numbered.
 */
export class TerminalAdapter implements ChannelAdapter {
  readonly channel = 'terminal' as const;
  readonly capabilities = { buttons: false, typing: false, media: false };
  private handler: InboundHandler | undefined;
  private counter = 0;

  constructor(
    private readonly user: string,
    private readonly out: Writable,
  ) {}

  get ref(): ConversationRef {
    return { channel: 'terminal', address: this.user, userId: this.user };
  }

  async start(handler: InboundHandler): Promise<void> {
    this.handler = handler;
  }

  async stop(): Promise<void> {
    this.handler = undefined;
  }

  /** One typed line becomes one inbound message. */
  async receive(line: string): Promise<void> {
    if (!this.handler) throw new Error('terminal adapter is not started');
    await this.handler({
      ref: this.ref,
      messageId: `${process.pid}-${Date.now()}-${++this.counter}`,
      text: line,
    });
  }

  async send(_ref: ConversationRef, messages: OutboundMessage[], _key?: string): Promise<void> {
    for (const m of messages) this.out.write(`${renderAsText(m)}\n\n`);
  }
}
