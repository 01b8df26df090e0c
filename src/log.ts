import pino, { type Logger } from 'pino';
import { maskText } from './text/mask.js';

/** The masking policy lives in src/text/mask.ts; re-exported for callers that mask what they log. */
export { maskText };

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: maskText(value.message), stack: value.stack && maskText(value.stack) };
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, depth + 1)]));
}

/** The process logger: JSON lines, personal data masked in every message and field. */
export function createLogger(opts: { level: string; pretty?: boolean | undefined; destination?: number }): Logger {
  const pretty = opts.pretty ?? process.stdout.isTTY;
  return pino({
    level: opts.level,
    formatters: { log: (obj) => maskDeep(obj) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? maskText(a) : a)) as Parameters<typeof method>);
      },
    },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { destination: opts.destination ?? 1, colorize: true } } } : {}),
  }, pretty ? undefined : pino.destination(opts.destination ?? 1));
}
