import { findHelm, type FindHelmOptions } from './find-helm.js';
import { probeHelm, type HelmInfo } from './helm-version.js';

/** The helm to render with (`--helm` → PARITY_HELM → PATH), checked to run and to be ≥ 3.8. */
export async function detectHelm(options: FindHelmOptions = {}): Promise<HelmInfo> {
  return probeHelm(await findHelm(options), options.env ?? process.env);
}
