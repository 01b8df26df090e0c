/**
 * The channels this build runs (the composition root's list; the core never imports adapters).
 * Each adapter folder exports one ChannelPlugin; add it here.
 */
import type { ChannelPlugin } from './channels/plugin.js';
import { telegramPlugin } from '../adapters/telegram/plugin.js';
import { whatsappPlugin } from '../adapters/whatsapp/plugin.js';
import { webchatPlugin } from '../adapters/webchat/plugin.js';

export const channelPlugins: ChannelPlugin[] = [webchatPlugin, telegramPlugin(), whatsappPlugin()];
