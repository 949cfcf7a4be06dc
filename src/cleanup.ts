/**
 * What must be undone if the process is stopped by a signal: child process groups to kill and
 * temporary directories to remove. Each edge registers its own undo while it holds the
 * resource and unregisters it when done; `src/cli.ts` runs what is left when SIGINT or
 * SIGTERM arrives. Undos are synchronous: a signal handler exits right after them.
 */
type Undo = () => void;

const pending = new Set<Undo>();

/** Registers `undo`; the returned function unregisters it (call it once the resource is released). */
export function onInterrupt(undo: Undo): () => void {
  pending.add(undo);
  return () => {
    pending.delete(undo);
  };
}

/** Runs every registered undo once, newest first; one that fails does not stop the others. */
export function undoAll(): void {
  for (const undo of [...pending].reverse()) {
    pending.delete(undo);
    try {
      undo();
    } catch {
      // Best effort while the process is being stopped: the next undo still runs.
    }
  }
}
