/** `npm start`: the process with every channel of bin/channels.ts (see serve.ts). */
import { channelPlugins } from './channels.js';
import { run } from './run.js';
import { serve } from './serve.js';

run(() => serve(channelPlugins));
