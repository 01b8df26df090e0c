import { ERROR_CATALOGUE, statusOf, type ErrorCode, type ErrorEntry } from './error-codes.js';

export type { ErrorCode };

/**
 * Errors with a stable code from the catalogue (`src/error-codes.ts`, and README.md "Errors") and
 * a message that says what went wrong here. A code that answers a request carries its HTTP status
 * as `statusCode`, which the server's error handler (and Fastify) answer with.
 */
export class SanadError extends Error {
  readonly statusCode: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SanadError';
    this.statusCode = statusOf(code);
  }

  /** What a person does about it, from the catalogue. */
  get action(): string {
    return (ERROR_CATALOGUE[this.code] as ErrorEntry | undefined)?.action ?? 'see README.md, "Errors"';
  }
}

/** A flow or profile file that does not hold what is expected; start-up stops with every problem listed. */
export class FlowFileError extends SanadError {
  constructor(readonly problems: readonly { file: string; path: string; message: string }[]) {
    super(
      'SANAD_ERR_FLOW_FILE',
      `The flow files have ${problems.length} problem(s):\n` +
        problems.map((p) => `  ${p.file}${p.path ? ` at ${p.path}` : ''}: ${p.message}`).join('\n'),
    );
    this.name = 'FlowFileError';
  }
}

/** Settings that do not parse; every problem is listed at once. */
export class ConfigError extends SanadError {
  constructor(details: string) {
    super('SANAD_ERR_CONFIG', `Invalid configuration:\n${details}`);
    this.name = 'ConfigError';
  }
}

/** No Redis could be reached or started. */
export class RedisUnavailableError extends SanadError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SANAD_ERR_REDIS', message, options);
    this.name = 'RedisUnavailableError';
  }
}

/** Redis is away (restarting, unreachable): the request can be made again once it is back (HTTP 503). */
export class StoreDownError extends SanadError {
  constructor(message = 'Redis is not reachable right now: try again in a few seconds', options?: { cause?: unknown }) {
    super('SANAD_ERR_REDIS_DOWN', message, options);
    this.name = 'StoreDownError';
  }
}

/** An action named in a flow that is not in the registry, or one that failed. */
export class ActionError extends SanadError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SANAD_ERR_ACTION', message, options);
    this.name = 'ActionError';
  }
}
