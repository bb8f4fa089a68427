#!/usr/bin/env node
// Dependency audit for CI and people: `npm audit --audit-level=high --json`, summarised.
// Where the advisory endpoint cannot be reached (an offline or proxied machine: the registry answers 405 or the
// network is down) the audit says so and exits 0 with a warning, so a missing endpoint never blocks a build;
// real findings at high or critical severity exit 1. Not part of `npm test`: it needs the network.
import { spawnSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = spawnSync(npm, ['audit', '--audit-level=high', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (run.error) {
  console.warn(`audit: WARNING: could not run npm audit (${run.error.message}); dependencies were NOT audited`);
  process.exit(0);
}

let report;
try {
  report = JSON.parse(run.stdout || '{}');
} catch {
  report = {};
}

const text = `${run.stdout ?? ''}\n${run.stderr ?? ''}`;
// npm reports a failed advisory request as {error: …} (405, 5xx, DNS, timeout); a report has metadata.
const unreachable = report.error !== undefined || (!report.metadata && run.status !== 0);

if (unreachable) {
  const why = report.message || report.error?.summary || report.error?.code || text.trim().split('\n').find((l) => /error|ERR!/i.test(l)) || `npm audit exited ${run.status}`;
  console.warn(`audit: WARNING: the npm advisory endpoint is unreachable from here (${String(why).trim()}).`);
  console.warn('audit: dependencies were NOT audited; run `node scripts/audit.mjs` where the registry answers, e.g. in CI.');
  process.exit(0);
}

const v = report.metadata?.vulnerabilities ?? {};
const high = (v.high ?? 0) + (v.critical ?? 0);
console.log(`audit: ${v.total ?? 0} known vulnerabilities (critical ${v.critical ?? 0}, high ${v.high ?? 0}, moderate ${v.moderate ?? 0}, low ${v.low ?? 0})`);
for (const [name, info] of Object.entries(report.vulnerabilities ?? {})) {
  if (info.severity === 'high' || info.severity === 'critical') console.log(`  ${info.severity.padEnd(8)} ${name} ${info.range ?? ''}`);
}
process.exit(high > 0 ? 1 : 0);
