import { SanadError } from '../../src/errors.js';

/**
 * A web chat request refused with an HTTP status. The server's error handler answers with
 * `{error, code}` and logs one warning line, so bad input never crashes the process.
 */
export class WebchatError extends SanadError {
  constructor(
    readonly statusCode: number,
    code: WebchatErrorCode,
    message: string,
  ) {
    super(code, message);
    this.name = 'WebchatError';
  }
}

/** The stable codes (listed in README.md, "Errors"). */
export type WebchatErrorCode =
  /** No `Authorization: Bearer …` header. */
  | 'SANAD_ERR_WEBCHAT_NO_TOKEN'
  /** A token that is malformed, forged, expired, or of the wrong kind. */
  | 'SANAD_ERR_WEBCHAT_TOKEN'
  /** A valid token used on another conversation than its own. */
  | 'SANAD_ERR_WEBCHAT_FORBIDDEN'
  /** A conversation that does not exist (never started, or expired). */
  | 'SANAD_ERR_WEBCHAT_NO_CONVERSATION'
  /** An activity that does not have the expected shape. */
  | 'SANAD_ERR_WEBCHAT_ACTIVITY'
  /** A conversation that reached its activity limit. */
  | 'SANAD_ERR_WEBCHAT_FULL'
  /** An upload that is malformed, empty, or has too many files. */
  | 'SANAD_ERR_WEBCHAT_UPLOAD'
  /** An uploaded file that is not a photo (JPEG, PNG, WebP, GIF, HEIC) or a PDF. */
  | 'SANAD_ERR_WEBCHAT_FILE_TYPE'
  /** An uploaded file larger than WEBCHAT_UPLOAD_MAX_MB. */
  | 'SANAD_ERR_WEBCHAT_FILE_SIZE'
  /** A file that does not exist or belongs to another conversation. */
  | 'SANAD_ERR_WEBCHAT_NO_FILE'
  /** public/vendor/webchat.js is missing (installed without dev dependencies). */
  | 'SANAD_ERR_WEBCHAT_BUNDLE';
