import { resolve } from 'node:path';
import { runHooks } from './run-hooks.js';
import { checksOf } from './checks.js';
import type { GateFlags } from './gate.js';
import { configFileOf, optional, remoteOptionsOf, repoDirOf, timeoutOf } from './options.js';

/** The library options of `gate` (and `promote`) from their flags; checks are validated before anything renders. */
export function gateOptionsOf(flags: GateFlags) {
  return {
    repoDir: repoDirOf(flags),
    ...optional('configFile', configFileOf(flags)),
    ...optional('kustomize', flags.kustomize),
    ...remoteOptionsOf(flags),
    ...optional('timeoutMs', timeoutOf(flags)),
    ...optional('tag', flags.tag),
    ...optional('image', flags.image),
    ...optional('policyFiles', flags.policy),
    // Like --config, --argocd is relative to the working directory, not to the repo.
    ...optional('argocd', flags.argocd === undefined ? undefined : resolve(flags.argocd)),
    ...runHooks(flags),
    ...(flags.cache ? {} : { noCache: true }),
    service: flags.service,
    from: flags.from,
    to: flags.to,
    failOn: flags.failOn,
    checks: checksOf(flags, timeoutOf(flags)),
  };
}
