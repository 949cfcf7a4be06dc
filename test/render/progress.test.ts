import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/render/progress.js';

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('progress line', () => {
  it('shows services rendered out of the total with the elapsed time, rewritten in place, and clears itself', () => {
    const out = sink();
    let clock = 1_000;
    const progress = createProgress(out.stream, () => clock);
    clock += 1_500;
    progress.update(3, 200);
    clock += 50; // throttled: less than 100 ms since the last line
    progress.update(4, 200);
    clock += 2_050;
    progress.update(200, 200);
    progress.done();
    expect(out.text()).toBe(
      '\r\u001b[2Kparity: rendered 3/200 services · 1.5s' + '\r\u001b[2Kparity: rendered 200/200 services · 3.6s' + '\r\u001b[2K',
    );
  });

  it('prints nothing when nothing was drawn', () => {
    const out = sink();
    createProgress(out.stream).done();
    expect(out.text()).toBe('');
  });
});
