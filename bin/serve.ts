/**
 * The process: parses config, finds or starts Redis, builds the core and the HTTP server,
 * starts the given channels, sweeps for messages a stopped process left; stops them all on
 * SIGTERM / SIGINT. `npm start` runs it with every channel (bin/sanad.ts).
 */
import { channelPorts } from '../src/core.js';
import type { ChannelPlugin, HealthChecks } from '../src/channels/ports.js';
import { parseConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { Assist, loadCannedReplies } from '../src/console/assist.js';
import { startConsole } from '../src/console/plugin.js';
import { startRetention } from '../src/jobs/retention.js';
import { KnowledgeSync } from '../src/knowledge/sync.js';
import { buildServer } from '../src/server/build.js';
import { SURVEY_FLOW } from '../src/engine/flow-set.js';
import { Surveys, surveySettings } from '../src/jobs/surveys.js';
import { boot } from './boot.js';

export async function serve(channelPlugins: readonly ChannelPlugin[]): Promise<void> {
  const config = parseConfig();
  const log = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  const booted = await boot(config, log);
  const { core } = booted;
  const health: HealthChecks = new Map();
  const http = await buildServer({ redis: core.redis, log, health, trustProxy: config.TRUST_PROXY, limits: { keys: core.keys } });
  const ports = channelPorts(core, { http, config, log, health });
  const running: { name: string; stop(): Promise<void> }[] = [];
  for (const plugin of channelPlugins) {
    const started = await plugin.setup(ports);
    if (started) running.push({ name: plugin.name, stop: () => started.stop() });
  }
  log.info({ channels: running.map((r) => r.name) }, 'channels started');
  // What a supervisor teaches in any process's console, this one learns too (and tells the others).
  const sync = await KnowledgeSync.start({ redis: core.redis, keys: core.keys, answerer: core.knowledge, log });
  running.push({ name: 'knowledge sync', stop: () => sync.close() });
  const officersConsole = await startConsole(http, {
    redis: core.redis,
    keys: core.keys,
    officers: core.officers,
    handoffs: core.handoffs,
    conversations: core.runner,
    config,
    log,
    assist: new Assist({ answerer: core.ctx.answerer, profile: core.ctx.profile, canned: loadCannedReplies(config.FLOWS_DIR) }),
    requests: { requests: core.requests, beneficiaries: core.beneficiaries, ctx: core.ctx },
    misses: { store: core.misses, knowledge: core.knowledge, dir: core.knowledgeDir, retentionDays: config.MISSES_RETENTION_DAYS, sync },
  });
  running.push({ name: 'console', stop: () => officersConsole.stop() });
  if (config.SURVEYS_ENABLED) {
    const surveys = new Surveys({
      redis: core.redis,
      keys: core.keys,
      surveys: core.surveys,
      conversations: core.runner,
      settings: surveySettings(config),
      log,
      hasSurveyFlow: core.ctx.flows.has(SURVEY_FLOW),
    });
    const unlisten = surveys.listen(core.events);
    running.push({ name: 'surveys', stop: async () => (unlisten(), await surveys.close()) });
  }
  const retention = await startRetention({ redis: core.redis, keys: core.keys, privacy: core.privacy, log, everyMs: config.RETENTION_SWEEP_MINUTES * 60_000 });
  running.push({ name: 'retention', stop: () => retention.stop() });
  // Once every channel's sender is registered: messages a stopped process left queued are handled.
  core.runner.startSweeper();
  const address = await http.listen({ port: config.PORT, host: config.HOST });
  const shown = address.replace('127.0.0.1', 'localhost');
  log.info(`Sanad is running: ${shown}  (health: ${shown}/healthz)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    try {
      await http.close();
      // Messages being handled finish (their replies queued) before the channels close.
      core.runner.stop();
      await core.runner.close();
      for (const r of running.reverse()) await r.stop().catch((err: unknown) => log.error({ err, channel: r.name }, 'channel stop failed'));
      await booted.close();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
