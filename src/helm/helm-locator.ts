import { detectHelm } from './detect-helm.js';
import type { FindHelmOptions } from './find-helm.js';
import type { HelmInfo } from './helm-version.js';

/**
 * The helm a run renders with, found and probed at most once, and only when something needs it
 * (a Helm environment, a kustomization with `helmCharts:`): a run without either never looks.
 */
export type HelmLocator = () => Promise<HelmInfo>;

export function createHelmLocator(options: FindHelmOptions = {}): HelmLocator {
  let found: Promise<HelmInfo> | null = null;
  return () => {
    found ??= detectHelm(options);
    return found;
  };
}
