import { SanadError } from '../src/errors.js';

/**
 * Runs a process entry point: a `SanadError` (bad config, a wrong flow file, no Redis) ends it
 * with its message, which says what to fix; anything else with its stack.
 */
export function run(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof SanadError ? err.message : String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  });
}
