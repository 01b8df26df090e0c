/**
 * `npm run chat`: chat with the bot in a terminal as a beneficiary. With a terminal, a prompt;
 * with piped input, each line is one message, handled as it arrives, replies printed.
 * `CHAT_USER` names the beneficiary, so a script can hold two conversations.
 */
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { startCore } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { SanadError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { TerminalAdapter } from './adapter.js';

async function main(): Promise<void> {
  const config = parseConfig({ LOG_LEVEL: 'warn', ...process.env });
  // Logs go to stderr so that stdout holds the conversation only.
  const log = createLogger({ level: config.LOG_LEVEL, pretty: false, destination: 2 });
  const core = await startCore(config, log);
  const { sanad } = core;
  const user = process.env.CHAT_USER || userInfo().username;
  const terminal = new TerminalAdapter(user, process.stdout);
  sanad.outbound.register('terminal', (ref, msgs, key) => terminal.send(ref, msgs, key));
  await terminal.start((m) => sanad.runner.handle(m));

  const tty = process.stdin.isTTY;
  const rl = createInterface({ input: process.stdin, output: tty ? process.stdout : undefined, terminal: tty });
  if (tty) {
    process.stdout.write(`سند · Sanad: ${user}. اكتب رسالتك (Ctrl+D للخروج) · type a message (Ctrl+D to quit)\n\n`);
    rl.setPrompt('> ');
    rl.prompt();
  }
  // Lines are handled in the order they arrive, each as soon as the one before it is done.
  let chain = Promise.resolve();
  rl.on('line', (line) => {
    if (!line.trim()) return tty ? rl.prompt() : undefined;
    chain = chain
      .then(() => terminal.receive(line))
      .catch((err: unknown) => log.error({ err }, 'message failed'))
      .then(() => (tty ? rl.prompt() : undefined));
  });
  await new Promise<void>((r) => rl.once('close', r));
  await chain;
  await core.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof SanadError ? err.message : String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
