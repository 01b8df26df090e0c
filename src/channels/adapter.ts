import type { Channel, ChannelCapabilities, ConversationRef, InboundMessageInput, OutboundMessage } from '../messages/model.js';

/** What an adapter hands each normalised inbound message to (the runner's `handle`). */
export type InboundHandler = (msg: InboundMessageInput) => Promise<unknown>;

/**
 * One channel: the only code that imports a platform SDK. It normalises inbound platform
 * messages into `InboundMessage` and renders `OutboundMessage`s the way its platform can.
 */
export interface ChannelAdapter {
  readonly channel: Channel;
  readonly capabilities: ChannelCapabilities;
  start(handler: InboundHandler): Promise<void>;
  stop(): Promise<void>;
  send(ref: ConversationRef, messages: OutboundMessage[], key: string): Promise<void>;
}
