/**
 * Execution progress for the demo: the simulator's call log, printed as the run goes (each time the lifecycle
 * waits on the virtual clock), limited to the calls that change something and the records they start.
 */
import type { AwsSimulator } from '../simulator';

const CHANGES = /^(AssumeRole|AcceptPortfolioShare|AssociatePrincipalWithPortfolio|ProvisionProduct|UpdateProvisionedProduct|TerminateProvisionedProduct)$/;

function describeCall(input: Record<string, unknown>): string {
  const name = input.ProvisionedProductName ?? input.ProvisionedProductId ?? input.PortfolioId ?? input.RoleArn ?? '';
  return String(name);
}

/** Wraps `sleep` so that, before each wait, the calls made since the last one are written out. */
export function tracingSleep(sim: AwsSimulator, write: (line: string) => void): (ms: number) => Promise<void> {
  const start = sim.clock.now();
  let seen = sim.calls.length;
  const flush = () => {
    for (const call of sim.calls.slice(seen)) {
      if (!CHANGES.test(call.operation)) continue;
      const at = `t+${((call.time - start) / 1000).toFixed(1)}s`.padEnd(8);
      const outcome = call.error ? ` → ${call.error}` : '';
      write(`  ${at} ${call.callerAccount} ${call.region.padEnd(10)} ${call.operation} ${describeCall(call.input)}${outcome}`);
    }
    seen = sim.calls.length;
  };
  return async (ms) => {
    flush();
    await sim.clock.sleep(ms);
  };
}
