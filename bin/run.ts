import { SanadError } from '../src/errors.js';

/**
 * Runs a process entry point: a `SanadError` (bad config, a wrong flow file, no Redis) ends it
 * with its code, its message and what to do (from the catalogue); anything else with its stack.
 */
export function run(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    const text = err instanceof SanadError ? `${err.code}: ${err.message}\nWhat to do: ${err.action}` : String((err as Error)?.stack ?? err);
    process.stderr.write(`${text}\n`);
    process.exit(1);
  });
}
