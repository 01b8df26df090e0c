import { SanadError } from '../errors.js';

/** A console or API request refused: the status to answer with, a stable code, and why. */
export class ConsoleError extends SanadError {
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 409 | 415 | 429,
    code: string,
    message: string,
  ) {
    super(code, message);
    this.name = 'ConsoleError';
  }
}

export const notSignedIn = () => new ConsoleError(401, 'SANAD_ERR_CONSOLE_AUTH', 'sign in first: POST /api/auth/login {"email", "password"}');
export const forbidden = (needed: string) => new ConsoleError(403, 'SANAD_ERR_CONSOLE_FORBIDDEN', `this needs the ${needed} role`);
export const notFound = (what: string) => new ConsoleError(404, 'SANAD_ERR_CONSOLE_NOT_FOUND', `no ${what}`);
export const badRequest = (message: string) => new ConsoleError(400, 'SANAD_ERR_CONSOLE_REQUEST', message);
export const conflict = (message: string) => new ConsoleError(409, 'SANAD_ERR_CONSOLE_CONFLICT', message);
