import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { whatsappCloudPlugin } from '../../adapters/whatsapp-cloud/plugin.js';
import { Templates } from '../../adapters/whatsapp-cloud/templates.js';
import { whatsappPlugin } from '../../adapters/whatsapp/plugin.js';
import { channelPorts, type Core } from '../../src/core.js';
import { parseConfig } from '../../src/config.js';
import { FlowFileError } from '../../src/errors.js';
import { buildServer } from '../../src/server/build.js';
import type { Redis } from '../../src/store/redis.js';
import { silentLog, useCore } from '../support/core.js';

let redis: Redis;
let core: Core;
useCore('wacloud-config', (fixture) => ({ redis, core } = fixture));

function problems(env: Record<string, string>): string {
  try {
    parseConfig(env);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('WhatsApp Cloud settings', () => {
  it('lists every missing Cloud setting at once, beside the other problems', () => {
    const message = problems({ WHATSAPP_ENABLED: 'true', WHATSAPP_PROVIDER: 'cloud', PORT: 'eighty', WHATSAPP_GRAPH_VERSION: '23' });
    for (const name of ['WHATSAPP_CLOUD_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'PORT', 'WHATSAPP_GRAPH_VERSION']) {
      expect(message).toContain(name);
    }
    expect(message).toContain('required with WHATSAPP_PROVIDER=cloud');
  });

  it('asks nothing of the web provider, nor of the Cloud one while WhatsApp is off', () => {
    expect(problems({ WHATSAPP_ENABLED: 'true' })).toBe('');
    expect(problems({ WHATSAPP_PROVIDER: 'cloud' })).toBe('');
    const c = parseConfig({});
    expect(c).toMatchObject({ WHATSAPP_PROVIDER: 'web', WHATSAPP_GRAPH_ROOT: 'https://graph.facebook.com', WHATSAPP_SEND_RATE_PER_SECOND: 80 });
  });

  it('starts exactly one WhatsApp provider, the one WHATSAPP_PROVIDER names', async () => {
    const cloudEnv = {
      WHATSAPP_ENABLED: 'true',
      WHATSAPP_PROVIDER: 'cloud',
      WHATSAPP_CLOUD_TOKEN: 'EAAG-a-token-long-enough-0123',
      WHATSAPP_PHONE_NUMBER_ID: '1234567890',
      WHATSAPP_APP_SECRET: 'an-app-secret-0123456789',
      WHATSAPP_VERIFY_TOKEN: 'a-verify-token-0123456789',
      // Nothing answers here: the start-up check of the number fails quietly, and nothing is sent.
      WHATSAPP_GRAPH_ROOT: 'http://127.0.0.1:9',
    };
    const setup = async (plugin: typeof whatsappCloudPlugin | typeof whatsappPlugin, env: Record<string, string>) => {
      const health = new Map<string, () => unknown>();
      const app = await buildServer({ redis, log: silentLog, health });
      return plugin().setup(channelPorts(core, { http: app, config: parseConfig(env), log: silentLog, health }));
    };
    expect(await setup(whatsappPlugin, cloudEnv)).toBeUndefined();
    expect(await setup(whatsappCloudPlugin, { WHATSAPP_ENABLED: 'true' })).toBeUndefined();
    const cloud = await setup(whatsappCloudPlugin, cloudEnv);
    expect(cloud).toBeDefined();
    await cloud!.stop();
  });
});

describe('flows/whatsapp-templates.yaml', () => {
  it('is valid as shipped, with a template for each notice the desk and the surveys send', () => {
    const t = Templates.load('flows');
    for (const name of ['request-decision', 'request-reminder', 'officer-message', 'survey-invite']) {
      expect(t.render({ name, params: { reference: 'SR-2026-000001', decision: 'مقبول', text: 'نص' } }, 'ar')).toHaveProperty('body');
    }
    expect(t.render({ name: 'request-decision', params: { reference: 'SR-2026-000001' } }, 'ar')).toEqual({
      missing: 'the notice "request-decision" has no parameter "decision" for template sanad_request_decision',
    });
  });

  it('stops start-up with the file and the place when a template is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanad-templates-'));
    const shipped = readFileSync('flows/whatsapp-templates.yaml', 'utf8');
    writeFileSync(join(dir, 'whatsapp-templates.yaml'), shipped.replace('name: sanad_request_reminder', 'name: Sanad Reminder').replace('params: [reference, decision]', 'params: [reference]'));
    const err = (() => {
      try {
        Templates.load(dir);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(FlowFileError);
    const message = (err as Error).message;
    expect(message).toContain('whatsapp-templates.yaml at templates.request-reminder.name');
    expect(message).toContain('templates.request-decision.body.ar: has placeholders {{1}}, {{2}} but params lists 1');
  });
});
