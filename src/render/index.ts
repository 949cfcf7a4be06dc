export { detectRendererInfo, findNpmKustomize, type DetectOptions } from '../kustomize/detect-renderer.js';
export { createRenderer, detectRenderer } from './create-renderer.js';
export { parseKustomizeVersion, parseKubectlKustomizeVersion } from '../kustomize/renderer-version.js';
export { readKustomizationChain } from '../chain/read-chain.js';
export { renderOverlays, type RenderOptions } from './render-overlays.js';
export { collectSecretValues } from './collect-secrets.js';
export { scrubSecrets, REDACTED_TEXT } from '../secrets/scrub-secrets.js';
