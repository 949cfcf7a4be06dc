export { detectRenderer, detectRendererInfo, findNpmKustomize, type DetectOptions } from './detect-renderer.js';
export { createRenderer } from './create-renderer.js';
export { parseKustomizeVersion, parseKubectlKustomizeVersion } from './renderer-version.js';
export { readKustomizationChain } from './read-chain.js';
export { renderOverlays, type RenderOptions } from './render-overlays.js';
export { collectSecretValues } from './collect-secrets.js';
export { scrubSecrets, REDACTED_TEXT } from '../secrets/scrub-secrets.js';
