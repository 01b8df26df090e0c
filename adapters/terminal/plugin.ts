import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChannelPlugin } from '../../src/channels/ports.js';
import type { ConversationRef } from '../../src/messages/model.js';
import { renderAsText } from '../../src/messages/render.js';

export interface TerminalOptions {
  /** The beneficiary this terminal speaks as (`CHAT_USER`). */
  user: string;
  input: Readable & { isTTY?: boolean };
  output: Writable;
  /** Called once the input has ended and every line was answered. */
  onEnd?: () => void;
}

/**
 * The terminal channel: a beneficiary chats from a shell. One process, one person; each line is
 * one message, handled in the order typed; replies are printed as text with choices numbered.
 */
export function terminalPlugin(o: TerminalOptions): ChannelPlugin {
  return {
    name: 'terminal',
    async setup({ inbound, outbound, log }) {
      const ref: ConversationRef = { channel: 'terminal', address: o.user, userId: o.user };
      outbound.register('terminal', async (_ref, messages) => {
        for (const m of messages) o.output.write(`${renderAsText(m)}\n\n`);
      });
      const tty = Boolean(o.input.isTTY);
      const rl = createInterface({ input: o.input, output: tty ? o.output : undefined, terminal: tty });
      if (tty) {
        o.output.write(`سند · Sanad: ${o.user}. اكتب رسالتك (Ctrl+D للخروج) · type a message (Ctrl+D to quit)\n\n`);
        rl.setPrompt('> ');
        rl.prompt();
      }
      let counter = 0;
      // Lines are handled in the order they arrive, each as soon as the one before it is done.
      let chain = Promise.resolve();
      rl.on('line', (line) => {
        if (!line.trim()) return tty ? rl.prompt() : undefined;
        const messageId = `${process.pid}-${Date.now()}-${++counter}`;
        chain = chain
          .then(() => inbound.handle({ ref, messageId, text: line }))
          .then(() => undefined, (err: unknown) => log.error({ err }, 'message failed'))
          .then(() => (tty ? rl.prompt() : undefined));
      });
      rl.once('close', () => void chain.then(() => o.onEnd?.()));
      return {
        async stop() {
          rl.close();
          await chain;
        },
      };
    },
  };
}
