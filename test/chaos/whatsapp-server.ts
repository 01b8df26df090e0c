/** The Sanad process with only the WhatsApp channel, on the remote fake client (test/chaos/whatsapp.ts). */
import { whatsappPlugin } from '../../adapters/whatsapp/plugin.js';
import { run } from '../../bin/run.js';
import { serve } from '../../bin/serve.js';
import { RemoteWhatsAppClient } from './remote-wwebjs.js';

run(() => serve([whatsappPlugin({ createClient: async () => new RemoteWhatsAppClient(), print: () => {}, outbound: { retryBaseMs: 100, retryMaxMs: 1_000 } })]));
