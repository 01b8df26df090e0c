/** `npm run bench`: every benchmark section, printing its figures. */
import { benchEngine } from './engine.js';
import { benchHandoff } from './handoff.js';
import { benchMatcher } from './matcher.js';
import { benchOutbound } from './outbound.js';
import { benchSurveys } from './surveys.js';
import { benchWebchat } from './webchat.js';

const sections: [string, () => Promise<void>][] = [['engine', benchEngine], ['matcher', benchMatcher], ['outbound', benchOutbound], ['surveys', benchSurveys], ['webchat', benchWebchat], ['handoff', benchHandoff]];

const only = process.argv.slice(2);
for (const [name, run] of sections) {
  if (only.length && !only.includes(name)) continue;
  await run();
}
