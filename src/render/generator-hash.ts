/** `-` + 10 characters of Kustomize's hash alphabet, which its generators append to a name last. */
const HASH_SUFFIX = /-[2456789bcdfghkmt]{10}$/;

/** `app-config-7f9h2c6bgm` → `app-config`; anything else unchanged. */
export function stripHashSuffix(name: string): string {
  return name.replace(HASH_SUFFIX, '');
}

export function hasHashSuffix(name: string): boolean {
  return HASH_SUFFIX.test(name);
}
