/**
 * The channels `npm start` runs: the one place that knows every adapter (the core never imports
 * them). Each adapter folder exports one ChannelPlugin; add a new channel here.
 */
import type { ChannelPlugin } from '../src/channels/ports.js';
import { telegramPlugin } from '../adapters/telegram/plugin.js';
import { whatsappPlugin } from '../adapters/whatsapp/plugin.js';
import { webchatPlugin } from '../adapters/webchat/plugin.js';

export const channelPlugins: ChannelPlugin[] = [webchatPlugin, telegramPlugin(), whatsappPlugin()];
