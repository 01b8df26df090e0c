/**
 * Errors with a stable code and a message that says how to fix the problem.
 * Codes are listed in README.md ("Errors") so operators can search for them.
 */
export class SanadError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SanadError';
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

/** An action named in a flow that is not in the registry, or one that failed. */
export class ActionError extends SanadError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SANAD_ERR_ACTION', message, options);
    this.name = 'ActionError';
  }
}
