/**
 * `npm run bench [-- --config bench.json --rate R --workers N --accounts N --org-sizes 10,1000 --skip-package]`:
 * measures vend cost, reconcile throughput, vend latency and package figures in one run on the simulator, prints
 * a table and writes bench/results.json. Every number is measured here; nothing is carried over from a past run.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadValidManifest } from '../manifest/load';
import { loadBenchConfig } from './config';
import { BENCH_OPTIONS } from './options';
import { measurePackage, type PackageFigures } from './package-figures';
import { measureReconcile } from './reconcile-throughput';
import { renderTable, type Row } from './table';
import { measureVend, type VendMeasurement } from './vend-cost';

const ROOT = path.join(__dirname, '..');
const ONE_MB = 1024 * 1024;

const { values } = parseArgs({ options: BENCH_OPTIONS });

const ratio = (n: number) => `${n.toFixed(2)}×`;

function rows(vends: VendMeasurement[], reconcile: Awaited<ReturnType<typeof measureReconcile>>, pkg?: PackageFigures): Row[] {
  const [smallest] = vends;
  const largest = vends[vends.length - 1];
  const out: Row[] = [
    ...vends.map((v) => ({
      figure: `vend calls, ${v.orgSize.toLocaleString('en')}-account org`,
      value: `${v.calls} (minimum ${v.minimum.total}, ${ratio(v.calls / v.minimum.total)})`,
      target: '≤ 1.2× minimum',
      met: v.calls <= 1.2 * v.minimum.total,
    })),
    {
      figure: `vend calls equal at ${smallest.orgSize} and ${largest.orgSize.toLocaleString('en')} accounts`,
      value: `${smallest.calls} vs ${largest.calls}`,
      target: 'equal',
      met: smallest.calls === largest.calls,
    },
    ...vends.map((v) => ({
      figure: `CfCT-way re-plan calls, ${v.orgSize.toLocaleString('en')}-account org`,
      value: `${v.fullRerunCalls.toLocaleString('en')} (${ratio(v.fullRerunCalls / v.calls)} the vend)`,
      target: 'comparison',
    })),
    {
      figure: `reconcile ${reconcile.accounts.toLocaleString('en')} accounts, rate / R`,
      value: `${reconcile.achievedRate.toFixed(2)}/s / ${reconcile.rateLimit}/s = ${reconcile.rateRatio.toFixed(2)}`,
      target: '≥ 0.95',
      met: reconcile.rateRatio >= 0.95,
    },
    { figure: 'reconcile lost / duplicated', value: `${reconcile.lost} / ${reconcile.duplicated} of ${reconcile.desiredItems}`, target: '0 / 0', met: reconcile.lost === 0 && reconcile.duplicated === 0 },
    {
      figure: 'reconcile worker fleet (event source maximum concurrency)',
      value: `${reconcile.workers}${reconcile.fleetFromR ? ` (sized from R: lifecycle-handlers/worker/fleet.ts)` : ' (set by --workers)'}`,
      target: 'report',
    },
    {
      figure: 'reconcile deliveries: hand-offs / redeliveries / parked',
      value: `${reconcile.drain.outcomes['handed-on']} / ${reconcile.drain.retried} / ${reconcile.parked}`,
      target: 'report',
    },
    { figure: 'reconcile simulated wall time', value: `${reconcile.simulatedSeconds.toFixed(0)} s`, target: 'report' },
    {
      figure: 'vend latency: every product requested',
      value: `${smallest.latency.requestedSeconds.toFixed(1)} s (graph allows ${smallest.lowerBound.requestedSeconds.toFixed(0)} s)`,
      target: '≤ 45 s',
      met: smallest.latency.requestedSeconds <= 45,
    },
    {
      figure: 'vend latency: every product SUCCEEDED',
      value: `${smallest.latency.succeededSeconds.toFixed(1)} s (graph allows ${smallest.lowerBound.succeededSeconds.toFixed(0)} s)`,
      target: '≤ 75 s',
      met: smallest.latency.succeededSeconds <= 75,
    },
    {
      figure: 'vend critical path (requested → SUCCEEDED, s)',
      value: smallest.criticalPath.map((s) => `${s.item} ${s.requestedSeconds.toFixed(1)}→${s.succeededSeconds.toFixed(1)}`).join(', '),
      target: 'report',
    },
    {
      figure: 'vend lower bound: propagation, then the longest chain of records',
      value: `${smallest.lowerBound.beforeFirstRecordSeconds.toFixed(0)} s, then ${smallest.lowerBound.chain.join(' → ')}`,
      target: 'report',
    },
  ];
  if (pkg) {
    out.push({ figure: 'synth (bundling on, gates)', value: `${pkg.synthSeconds.toFixed(1)} s`, target: 'report' });
    for (const b of pkg.bundles) {
      out.push({
        figure: `bundle ${b.function}${b.talksToFalcon ? ' (Falcon)' : ''}`,
        value: `${b.bytes.toLocaleString('en')} B`,
        target: b.talksToFalcon ? 'exempt' : '< 1 MB',
        ...(b.talksToFalcon ? {} : { met: b.bytes < ONE_MB }),
      });
    }
  }
  return out;
}

async function main() {
  const started = Date.now();
  const config = loadBenchConfig({
    ...(values.config ? { config: values.config } : {}),
    ...(values.rate ? { rate: values.rate } : {}),
    ...(values.workers ? { workers: values.workers } : {}),
    ...(values.accounts ? { accounts: values.accounts } : {}),
    ...(values['org-sizes'] ? { orgSizes: values['org-sizes'] } : {}),
    ...(values['skip-package'] ? { skipPackage: true } : {}),
  });
  const log = (text: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)} s] ${text}\n`);

  // The package figures first: a fault there shows in a minute, not after the long reconcile.
  let pkg: PackageFigures | undefined;
  if (!config.skipPackage) {
    log('synth with bundling');
    pkg = measurePackage();
  }
  const vendManifest = loadValidManifest(path.join(ROOT, 'bench', 'manifests', 'every-product.yaml'));
  const vends: VendMeasurement[] = [];
  for (const size of config.orgSizes) {
    log(`vend in a ${size}-account organisation`);
    vends.push(await measureVend(vendManifest, size, config));
  }
  const reconcileManifest = loadValidManifest(path.join(ROOT, 'manifest', 'manifest.example.yaml'));
  log(`reconcile ${config.reconcileAccounts} accounts from empty, R = ${config.provisioningRatePerSecond}/s`);
  const reconcile = await measureReconcile(reconcileManifest, config);

  const [smallest] = vends;
  const results = {
    measuredAt: new Date().toISOString(),
    config,
    vendCalls: smallest.calls,
    vendMinimumCalls: smallest.minimum.total,
    vendMinimumBreakdown: smallest.minimum,
    vendCallsByOperation: smallest.callsByOperation,
    vendItems: { planned: smallest.items, succeeded: smallest.itemsSucceeded },
    vendCallsAt: Object.fromEntries(vends.map((v) => [v.orgSize, v.calls])),
    fullRerunCallsAt: Object.fromEntries(vends.map((v) => [v.orgSize, v.fullRerunCalls])),
    reconcileRateRatio: reconcile.rateRatio,
    reconcileLost: reconcile.lost,
    reconcileDuplicated: reconcile.duplicated,
    reconcile,
    vendLatencySeconds: smallest.latency,
    vendCriticalPath: smallest.criticalPath,
    vendLowerBound: smallest.lowerBound,
    workerFleet: reconcile.workers,
    ...(pkg ? { synthSeconds: pkg.synthSeconds, bundleBytes: Object.fromEntries(pkg.bundles.map((b) => [b.function, b.bytes])), bundles: pkg.bundles } : {}),
    realSeconds: (Date.now() - started) / 1000,
  };
  writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${renderTable(rows(vends, reconcile, pkg))}\n\nreal time ${results.realSeconds.toFixed(0)} s; bench/results.json written\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
