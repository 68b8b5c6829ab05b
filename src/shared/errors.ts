/** Error codes every host uses in replies, so clients can react without parsing prose. */
export type ErrorCode =
  | 'bad-json'
  | 'bad-envelope'
  | 'unknown-command'
  | 'invalid-payload'
  | 'not-found'
  | 'refused'
  | 'confirm-required'
  | 'conflict'
  | 'unavailable'
  | 'internal';

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Field-level problems (zod issues or scenario parameter issues). */
  issues?: Array<{ path: string; message: string }>;
}

/** Thrown by the core for an expected refusal; hosts turn it into an error reply. */
export class ProclabError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorBody['issues'],
  ) {
    super(message);
    this.name = 'ProclabError';
  }
}
