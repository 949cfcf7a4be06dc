/**
 * Whether to skip tests that need `what`. On a developer's machine without it they are skipped;
 * in CI (`CI` set; `.ci/run` installs every tool the suite uses) a missing tool fails the file
 * instead, so no test is skipped silently there.
 */
export function missingTool(available: boolean, what: string): boolean {
  if (!available && process.env.CI) throw new Error(`${what} is required in CI and was not found; .ci/run installs it`);
  return !available;
}
