/**
 * Whether a `resources`/`bases`/`components` entry names a remote target (git or HTTP) rather
 * than a path in the repository. Kustomize would try to fetch these with git or HTTP.
 */
export function isRemoteRef(ref: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || // https://, http://, ssh://, git://, file://, oci://
    /^git::/.test(ref) ||
    /^[\w.-]+@[\w.-]+:/.test(ref) || // git@github.com:org/repo
    /^(github\.com|gitlab\.com|bitbucket\.org|dev\.azure\.com)\//.test(ref) ||
    /[?&](ref|version|timeout|submodules)=/.test(ref)
  );
}
