// Apart from kube-transport.ts so the gate's HTTP checks (and every gate run) do not load
// @kubernetes/client-node just for a timer.

class DeadlineError extends Error {
  override readonly name = 'TimeoutError';
}

/** Whether `error` is the deadline of withDeadline firing (not a failure of the work itself). */
export function isDeadlineError(error: unknown): boolean {
  return error instanceof DeadlineError;
}

/**
 * Runs `work` under a deadline that covers the connection, the headers and every byte of the
 * body. The timer is deliberately ref'd: a read that never settles (a connection cut half-way
 * through a body) keeps the process alive until the deadline rejects, instead of letting Node
 * drain its event loop and exit without a verdict.
 */
export function withDeadline<T>(timeoutMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new DeadlineError(`timed out after ${timeoutMs}ms`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    work(controller.signal).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
