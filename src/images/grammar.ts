/**
 * The OCI distribution grammar for the two halves of an image reference parity writes: a tag
 * (`[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`) and a digest (`algorithm:encoded`, with the registered
 * algorithms' exact lengths). The one place parity decides whether a tag or digest is valid.
 */
const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const DIGEST_PATTERN = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** Registered algorithms: their encoded part is lowercase hex of exactly this length. */
const HEX_DIGESTS: Readonly<Record<string, number>> = { sha256: 64, sha512: 128 };

/** Why `tag` is not a valid OCI tag, or null when it is. */
export function tagProblem(tag: string): string | null {
  if (tag === '') return 'tag is empty';
  if (tag.length > 128) return `tag is ${tag.length} characters long (at most 128)`;
  return TAG_PATTERN.test(tag) ? null : `tag ${JSON.stringify(tag)} is not [A-Za-z0-9_][A-Za-z0-9._-]*`;
}

/** Why `digest` is not a valid OCI digest, or null when it is. */
export function digestProblem(digest: string): string | null {
  if (!DIGEST_PATTERN.test(digest)) return `digest ${JSON.stringify(digest)} is not algorithm:encoded`;
  const [algorithm, encoded] = digest.split(':') as [string, string];
  const length = HEX_DIGESTS[algorithm];
  if (length === undefined) return null;
  return new RegExp(`^[a-f0-9]{${length}}$`).test(encoded) ? null : `digest ${JSON.stringify(digest)} is not ${algorithm}:<${length} hex digits, lowercase>`;
}

/** Why a tag and/or digest is invalid, or null when every part given is valid. */
export function referenceProblem(ref: { tag?: string | undefined; digest?: string | undefined }): string | null {
  return (ref.tag !== undefined ? tagProblem(ref.tag) : null) ?? (ref.digest !== undefined ? digestProblem(ref.digest) : null);
}

/** A `--tag` value: a digest when it has the `algorithm:` form (a tag never holds `:`), else a tag. */
export function isDigestForm(value: string): boolean {
  return value.includes(':');
}
