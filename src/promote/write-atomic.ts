/** The promoted kustomization is written by the same atomic writer as `--out` reports. */
export { writeFileAtomic } from '../io/write-atomic.js';
