import pino, { type Logger } from 'pino';

const NATIONAL_ID = /(?<!\d)([12])\d{5}(\d{4})(?!\d)/g;
const PHONE = /(?<![\d+])(\+?9665|05)\d{5}(\d{3})(?!\d)/g;

/** Masks national IDs / iqama numbers and Saudi mobiles anywhere in a string. */
export function maskText(s: string): string {
  return s.replace(NATIONAL_ID, '$1*****$2').replace(PHONE, '$1*****$2');
}

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
