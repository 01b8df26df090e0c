/**
 * `npm run privacy -- export <nationalId>` prints, as JSON, everything Sanad holds about one
 * person (record, its history, requests, rights requests); `npm run privacy -- erase <nationalId>`
 * erases it all; `npm run privacy -- requests` lists the beneficiaries' correction and deletion
 * requests, newest first, one JSON line each. For the association's data officer; export and erase
 * are written to the privacy audit log with the login name (`SANAD_OPERATOR`, else the system user).
 */
import { userInfo } from 'node:os';
import { parseConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { createLogger } from '../src/log.js';
import { maskNationalId } from '../src/text/mask.js';
import { validateNationalId } from '../src/domain/validators/national-id.js';
import { boot } from './boot.js';
import { run } from './run.js';

run(async () => {
  const [command, raw] = process.argv.slice(2);
  if (command === 'requests') return listRights();
  if ((command !== 'export' && command !== 'erase') || !raw) {
    throw new ConfigError('usage: npm run privacy -- export <nationalId> | erase <nationalId> | requests');
  }
  const id = validateNationalId(raw);
  if (!id.ok) throw new ConfigError(`not a national ID or iqama number: ${id.reason.en}`);
  const config = parseConfig();
  // Logs go to stderr: stdout is the export.
  const log = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, pretty: false, destination: 2 });
  const booted = await boot(config, log);
  const by = `data-officer:${process.env.SANAD_OPERATOR || userInfo().username}`;
  try {
    const { privacy } = booted.core;
    if (command === 'export') {
      const data = await privacy.collect(id.value);
      await privacy.audit({ action: 'export', by, subject: `ID ${maskNationalId(id.value)}`, details: { requests: data.requests.length } });
      process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    } else {
      const done = await privacy.erase(id.value, by);
      process.stdout.write(`${JSON.stringify({ erased: id.value, ...done })}\n`);
    }
  } finally {
    await booted.close();
  }
});

/** The correction and deletion requests beneficiaries made in the chat, for the data officer to act on. */
async function listRights(): Promise<void> {
  const config = parseConfig();
  const log = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, pretty: false, destination: 2 });
  const booted = await boot(config, log);
  try {
    for (const r of await booted.core.privacy.rightsRequests()) process.stdout.write(`${JSON.stringify(r)}\n`);
  } finally {
    await booted.close();
  }
}
