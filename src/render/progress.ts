/** A one-line progress counter for long runs: `rendered 40/200 services · 4.2s`, rewritten in place. */
export function createProgress(
  stream: NodeJS.WritableStream,
  now: () => number = Date.now,
): { update: (rendered: number, total: number) => void; done: () => void } {
  const started = now();
  let shown = -Infinity;
  let drawn = false;
  return {
    update(rendered, total) {
      if (now() - shown < 100 && rendered < total) return;
      shown = now();
      drawn = true;
      stream.write(`\r\u001b[2Kparity: rendered ${rendered}/${total} services · ${((now() - started) / 1000).toFixed(1)}s`);
    },
    done() {
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}
