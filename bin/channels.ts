/**
 * The channels `npm start` runs: the one place that knows every adapter (the core never imports
 * them). Each adapter folder exports one ChannelPlugin; add a new channel here.
 * Both WhatsApp providers are listed: WHATSAPP_PROVIDER decides which one starts (the other's
 * setup returns undefined).
 */
import type { ChannelPlugin } from '../src/channels/ports.js';
import { telegramPlugin } from '../adapters/telegram/plugin.js';
import { whatsappPlugin } from '../adapters/whatsapp/plugin.js';
import { whatsappCloudPlugin } from '../adapters/whatsapp-cloud/plugin.js';
import { webchatPlugin } from '../adapters/webchat/plugin.js';

export const channelPlugins: ChannelPlugin[] = [webchatPlugin, telegramPlugin(), whatsappPlugin(), whatsappCloudPlugin()];
