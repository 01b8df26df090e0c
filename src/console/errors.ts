import { SanadError } from '../errors.js';

type ConsoleCode =
  | 'SANAD_ERR_CONSOLE_AUTH'
  | 'SANAD_ERR_CONSOLE_LOGIN'
  | 'SANAD_ERR_CONSOLE_RATE'
  | 'SANAD_ERR_CONSOLE_FORBIDDEN'
  | 'SANAD_ERR_CONSOLE_NOT_FOUND'
  | 'SANAD_ERR_CONSOLE_REQUEST'
  | 'SANAD_ERR_CONSOLE_CONFLICT';

/** A console or API request refused: a catalogued code (which gives the status) and why. */
export class ConsoleError extends SanadError {
  constructor(code: ConsoleCode, message: string) {
    super(code, message);
    this.name = 'ConsoleError';
  }
}

export const notSignedIn = () => new ConsoleError('SANAD_ERR_CONSOLE_AUTH', 'sign in first: POST /api/auth/login {"email", "password"}');
export const forbidden = (needed: string) => new ConsoleError('SANAD_ERR_CONSOLE_FORBIDDEN', `this needs the ${needed} role`);
export const notFound = (what: string) => new ConsoleError('SANAD_ERR_CONSOLE_NOT_FOUND', `no ${what}`);
export const badRequest = (message: string) => new ConsoleError('SANAD_ERR_CONSOLE_REQUEST', message);
export const conflict = (message: string) => new ConsoleError('SANAD_ERR_CONSOLE_CONFLICT', message);
