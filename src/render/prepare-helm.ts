import { ConfigError } from '../errors.js';
import { HELM_INSTALL_HINT } from '../helm/find-helm.js';
import type { HelmLocator } from '../helm/helm-locator.js';
import type { Renderer, RendererInfo } from '../types.js';
import { findRemoteChart, remoteChartError, usesHelmCharts } from './helm-charts.js';
import type { ChainWalk } from '../chain/walk-chain.js';

export interface HelmPrepareOptions {
  allowRemote?: boolean;
  helm?: HelmLocator;
  /** The Kustomize that will render (its version decides where vendored charts live). */
  renderer?: Renderer;
}

/**
 * The helm a chain's `helmCharts:` inflate with, or undefined when it has none. Offline (the
 * default) a chart Kustomize would fetch is refused first, naming it and `--allow-remote`;
 * then helm is found (once per run, through the locator): none is an error naming what to install.
 */
export async function prepareHelm(walk: ChainWalk, overlay: string, options: HelmPrepareOptions): Promise<RendererInfo | undefined> {
  if (!usesHelmCharts(walk)) return undefined;
  if (!options.allowRemote) {
    const remote = await findRemoteChart(walk, options.renderer?.info.version ?? '');
    if (remote) throw remoteChartError(remote, overlay);
  }
  if (!options.helm) throw new ConfigError(HELM_INSTALL_HINT);
  return options.helm();
}
