/** A candidate's arguments as a plain record (none for no candidate), for assertions that read one argument of any code. */
export function argsOf(candidate: { args: object } | undefined): Record<string, unknown> {
  return { ...candidate?.args };
}
