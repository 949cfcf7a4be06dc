import { describe, expect, it } from 'vitest';

describe('the built package entry point', () => {
  it('exports the jobs, the reporters and the typed errors from dist/index.js', async () => {
    // The path the package's `main` names, built by `npm test`'s pretest step.
    const main = new URL('../dist/index.js', import.meta.url).href;
    const parity = (await import(main)) as typeof import('../src/index.js');
    for (const name of ['audit', 'gate', 'promote', 'drift', 'planPromotion', 'applyPromotion', 'mergeResults', 'formatResult', 'exitCodeOf']) {
      expect(typeof (parity as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(parity.FORMATS).toContain('sarif');
    expect(new parity.ConfigError('x', { file: 'parity.config.yaml', line: 3 }).toLine()).toBe('parity.config.yaml:3: x');
    expect(typeof parity.render.detectRenderer).toBe('function');
  });
});
