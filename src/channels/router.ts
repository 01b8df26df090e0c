import type { ConversationRef, OutboundMessage } from '../messages/model.js';
import type { OutboundPort } from '../engine/runner.js';
import { SanadError } from '../errors.js';
import type { OutboundRegistry, Sender } from './ports.js';

/** Sends each reply through the channel it belongs to. Channels register as they start. */
export class OutboundRouter implements OutboundPort, OutboundRegistry {
  private readonly senders = new Map<string, Sender>();

  register(channel: string, sender: Sender): void {
    this.senders.set(channel, sender);
  }

  async send(ref: ConversationRef, messages: OutboundMessage[], key: string, origin?: string): Promise<void> {
    const sender = this.senders.get(ref.channel);
    if (!sender) throw new SanadError('SANAD_ERR_NO_CHANNEL', `no channel "${ref.channel}" is running to send a reply through`);
    await sender(ref, messages, key, origin);
  }
}
