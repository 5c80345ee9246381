// The quick reliability harnesses, one after the other, as CI runs them: each prints its
// figures and ends with a one-line verdict (`<name>: PASS|FAIL …`); this runner echoes
// their output, collects the verdicts and exits 1 when any failed or gave none.
//
//   npm run reliability      (from test/; `scripts/test` runs it after the e2e tests)
//
// The long forms (full load run, list latency at 1M incidents) are in docs/benchmarks.md.
import { spawn } from 'node:child_process';

const HARNESSES: Array<{ name: string; args: string[] }> = [
  { name: 'list-scale', args: ['bench/list-scale.ts', '--quick'] },
  { name: 'crash', args: ['faults/crash.ts'] },
  { name: 'two-instances', args: ['faults/two-instances.ts'] },
  { name: 'db-outage', args: ['faults/db-outage.ts'] },
  { name: 'catalog-outage', args: ['faults/catalog-outage.ts'] },
  { name: 'load', args: ['bench/load.ts', '--quick'] },
  { name: 'time-to-page', args: ['bench/time-to-page.ts', '--quick'] },
];

const VERDICT = /^([\w-]+): (PASS|FAIL)\b.*$/;

function run(args: string[]): Promise<{ code: number; verdict?: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, args, {
      cwd: import.meta.dirname,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let verdict: string | undefined;
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (VERDICT.test(line)) verdict = line;
    });
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('close', code => {
      if (VERDICT.test(pending)) verdict = pending;
      resolve({ code: code ?? 1, verdict });
    });
  });
}

const results: Array<{ name: string; ok: boolean; line: string }> = [];
for (const harness of HARNESSES) {
  const started = performance.now();
  console.log(`\n== ${harness.name}: node ${harness.args.join(' ')}`);
  const { code, verdict } = await run(harness.args);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  const ok = code === 0 && !!verdict && verdict.includes(': PASS');
  results.push({
    name: harness.name,
    ok,
    line: verdict
      ? `${verdict.slice(0, 240)}${verdict.length > 240 ? '…' : ''}`
      : `${harness.name}: no verdict (exit ${code})`,
  });
  console.log(
    `== ${harness.name}: ${ok ? 'passed' : 'FAILED'} in ${seconds} s`,
  );
}

console.log('\nReliability verdicts:');
for (const r of results) console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.line}`);
const failed = results.filter(r => !r.ok).length;
console.log(`# reliability pass ${results.length - failed}`);
console.log(`# reliability fail ${failed}`);
process.exitCode = failed ? 1 : 0;
