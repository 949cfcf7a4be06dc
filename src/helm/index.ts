export { findHelm, HELM_INSTALL_HINT } from './find-helm.js';
export { checkHelmVersion, isAtLeast, parseHelmVersion, probeHelm } from './helm-version.js';
export { detectHelm } from './detect-helm.js';
export { renderChart } from './helm-template.js';
export { chartFileOf, splitHelmOutput } from './source-comments.js';
export { createHelmLocator, type HelmLocator } from './helm-locator.js';
