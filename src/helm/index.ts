export { findHelm, HELM_INSTALL_HINT, type FindHelmOptions } from './find-helm.js';
export { checkHelmVersion, isAtLeast, MIN_HELM_VERSION, parseHelmVersion, probeHelm, type HelmInfo, type HelmVersion } from './helm-version.js';
export { detectHelm } from './detect-helm.js';
export { buildTemplateArgs, DEFAULT_KUBE_VERSION, renderChart, type RenderChartOptions } from './helm-template.js';
export { chartFileOf, splitHelmOutput, type HelmDocument } from './source-comments.js';
export { describeHelmError } from './helm-error.js';
export { createHelmLocator, type HelmLocator } from './helm-locator.js';
