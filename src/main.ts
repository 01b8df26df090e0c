/**
 * The process: parse config, find or start Redis, build the core and the HTTP server,
 * start the channels; stop them all on SIGTERM / SIGINT.
 */
import { startCore } from './app.js';
import { channelPlugins } from './channels.js';
import { parseConfig } from './config.js';
import { SanadError } from './errors.js';
import { createLogger } from './log.js';
import { buildServer } from './server/build.js';

async function main(): Promise<void> {
  const config = parseConfig();
  const log = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  const core = await startCore(config, log);
  const { sanad, redis } = core;
  const health = new Map<string, () => Promise<unknown> | unknown>();
  const app = await buildServer({ sanad, redis, log, health });
  const running: { name: string; stop(): Promise<void> }[] = [];
  for (const plugin of channelPlugins) {
    const started = await plugin.setup({ app, sanad, config, redis, log, health });
    if (started) running.push({ name: plugin.name, stop: () => started.stop() });
  }
  log.info({ channels: running.map((r) => r.name) }, 'channels started');
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const shown = address.replace('127.0.0.1', 'localhost');
  log.info(`Sanad is running: ${shown}  (health: ${shown}/healthz)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    try {
      await app.close();
      for (const r of running.reverse()) await r.stop().catch((err: unknown) => log.error({ err, channel: r.name }, 'channel stop failed'));
      await core.close();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof SanadError ? err.message : String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
