/** `npm run bench`: runs every benchmark in turn; each writes its report under bench/reports/. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BENCHES = ['bench/threads.bench.ts', 'bench/pipeline.bench.ts', 'bench/model.bench.ts', 'bench/import.bench.ts', 'bench/widget.bench.ts'];
let failed = 0;
for (const file of BENCHES) {
  if (!existsSync(file)) continue;
  console.log(`\n== ${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
