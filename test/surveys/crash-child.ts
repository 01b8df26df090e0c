/**
 * A process running the surveys worker that dies (SIGKILL, no clean-up): `waiting` while its
 * survey waits for its time, `sending` right after the survey went into the conversation (before
 * the job is marked done). Every message it sends is printed. Run by crash.test.ts.
 */
import { createCore } from '../../src/core.js';
import { QuietHours } from '../../src/domain/quiet-hours.js';
import { SURVEY_FLOW } from '../../src/engine/flow-set.js';
import { Surveys } from '../../src/jobs/surveys.js';
import { connectRedis } from '../../src/store/redis.js';
import { silentLog } from '../support/core.js';

const [redisUrl, prefix, when, address] = process.argv.slice(2) as [string, string, 'waiting' | 'sending', string];
const redis = await connectRedis(redisUrl);
const core = await createCore({ redis, prefix, flowsDir: 'flows', log: silentLog, conversationTtlHours: 24 });
core.outbound.register('test', async (_ref, messages) => {
  for (const m of messages) process.stdout.write(`${JSON.stringify({ sent: m.text })}\n`);
});
const surveys = new Surveys({
  redis,
  keys: core.keys,
  surveys: core.surveys,
  conversations: {
    lastState: (ref) => core.runner.lastState(ref),
    control: async (ref, control, id, now, o) => {
      const r = await core.runner.control(ref, control, id, now, o);
      if (when === 'sending') process.kill(process.pid, 'SIGKILL');
      return r;
    },
  },
  settings: { delayMs: when === 'waiting' ? 1500 : 50, quiet: QuietHours.parse('off'), reminderMs: 0, expiryMs: 60_000, retryMs: 100, botSample: 0, botOutcomes: new Set() },
  log: silentLog,
  hasSurveyFlow: core.ctx.flows.has(SURVEY_FLOW),
  lockMs: 1000,
});
await surveys.schedule({ id: `chat-crash-${address}`, service: 'chat', ref: { channel: 'test', address }, locale: 'ar', officer: null, link: `crash-${address}`, completedAt: Date.now() });
process.stdout.write('scheduled\n');
if (when === 'waiting') process.kill(process.pid, 'SIGKILL');
