// Preloaded with `node --import`: reading parity.config.yaml never settles and holds nothing
// open — the shape of a read that hangs with no timer left to wake it.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const original = fs.promises.readFile;
fs.promises.readFile = (path, ...rest) => (String(path).endsWith('parity.config.yaml') ? new Promise(() => {}) : original(path, ...rest));
syncBuiltinESMExports();
