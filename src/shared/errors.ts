import type { I18nText } from './model';

/** Error codes every host uses in replies, so clients can react without parsing prose. */
export const ERROR_CODES = [
  'bad-json',
  'bad-envelope',
  'unknown-command',
  'invalid-payload',
  'not-found',
  'refused',
  'confirm-required',
  'conflict',
  'unavailable',
  'rate-limited',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Field-level problems (zod issues or scenario parameter issues). */
  issues?: Array<{ path: string; message: string }>;
  /** The message in both UI languages, when the core has words for it (`message` is its English). */
  text?: I18nText;
}

/** Thrown by the core for an expected refusal; hosts turn it into an error reply. */
export class ProclabError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorBody['issues'],
    readonly text?: I18nText,
  ) {
    super(message);
    this.name = 'ProclabError';
  }

  /** An error whose words exist in both languages; `message` is the English. */
  static saying(code: ErrorCode, text: I18nText): ProclabError {
    return new ProclabError(code, text.en, undefined, text);
  }
}
