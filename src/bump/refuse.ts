import { PromoteError, type ErrorLocation } from '../errors.js';
import type { PromoteRefusal } from '../reason-args.js';
import { formatPromoteRefusal } from '../report/messages.js';

/** A promotion or rollback refused: the error carries the refusal as data and its wording as message. */
export function refuse(refusal: PromoteRefusal, location: ErrorLocation = {}): PromoteError {
  return new PromoteError(refusal, formatPromoteRefusal(refusal), location);
}

/** `parseYaml`'s error factory for the files a promotion edits: what the parser said, as an argument. */
export function refuseInvalidYaml(message: string, location: ErrorLocation): PromoteError {
  return refuse({ code: 'PROMOTE_INVALID_YAML', args: { message } }, location);
}
