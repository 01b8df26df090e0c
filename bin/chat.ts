/**
 * `npm run chat`: chat with the bot in a terminal as a beneficiary. With a terminal, a prompt;
 * with piped input, each line is one message, handled as it arrives, replies printed.
 * `CHAT_USER` names the beneficiary, so a script can hold two conversations.
 */
import { userInfo } from 'node:os';
import { terminalPlugin } from '../adapters/terminal/plugin.js';
import type { HealthChecks } from '../src/channels/ports.js';
import { parseConfig } from '../src/config.js';
import { channelPorts } from '../src/core.js';
import { createLogger } from '../src/log.js';
import { buildServer } from '../src/server/build.js';
import { boot } from './boot.js';
import { run } from './run.js';

run(async () => {
  const config = parseConfig({ LOG_LEVEL: 'warn', ...process.env });
  // Logs go to stderr so that stdout holds the conversation only.
  const log = createLogger({ level: config.LOG_LEVEL, pretty: false, destination: 2 });
  const booted = await boot(config, log);
  const health: HealthChecks = new Map();
  // The terminal serves no HTTP; the app is built (never listened on) so every channel gets the same ports.
  const http = await buildServer({ redis: booted.core.redis, log, health, trustProxy: config.TRUST_PROXY, limits: { keys: booted.core.keys } });
  let ended!: () => void;
  const done = new Promise<void>((r) => (ended = r));
  const terminal = terminalPlugin({
    user: process.env.CHAT_USER || userInfo().username,
    input: process.stdin,
    output: process.stdout,
    onEnd: () => ended(),
  });
  const running = await terminal.setup(channelPorts(booted.core, { http, config, log, health }));
  await done;
  await running?.stop();
  await http.close();
  await booted.close();
});
