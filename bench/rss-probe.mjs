// Preloaded into the measured parity process: writes its peak RSS (KiB) where the bench asks.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.PARITY_BENCH_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));
});
