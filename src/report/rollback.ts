import type { RollbackSummary } from '../types.js';

/** What a rollback did, in plain lines every text format can show. */
export function rollbackLines(rollback: RollbackSummary): string[] {
  const restored = (tag: string | null) => tag ?? 'what the rest of the chain sets (images: entry removed)';
  const moves = rollback.images.length > 1
    ? rollback.images.map((image) => `${image.image} ${image.from ?? 'no tag'} → ${restored(image.tag)}`).join(', ')
    : `${rollback.from ?? 'no tag'} → ${restored(rollback.tag)}`;
  const head = rollback.status === 'committed'
    ? `Rolled back ${rollback.service} in ${rollback.env}: ${moves} (commit ${rollback.commit?.slice(0, 12)}, "${rollback.message}")`
    : `Dry run: would roll back ${rollback.service} in ${rollback.env}: ${moves} in ${rollback.file} and commit "${rollback.message}"`;
  const reverts = rollback.reverts.map((change) => `  reverts ${change.sha.slice(0, 12)} ${change.subject}`);
  const later = rollback.laterCommits.length === 0
    ? []
    : [`  restores only the tag: ${rollback.laterCommits.length} later commit(s) also changed ${rollback.file} and are kept:`, ...rollback.laterCommits.map((commit) => `    ${commit.sha.slice(0, 12)} ${commit.subject}`)];
  const note = rollback.status === 'committed'
    ? 'The audit above is of the rolled-back state, for information: rollback does not run the gate.'
    : 'The audit above is of the state after the rollback (nothing written), for information: rollback does not run the gate.';
  return [head, ...reverts, ...later, note];
}
