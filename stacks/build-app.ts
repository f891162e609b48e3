/**
 * Builds the whole CDK app from a validated manifest: the stacks, the products inside them, and the gates.
 * Shared by `bin/app.ts` (the cdk CLI entry), `bin/synth.ts` (`npm run synth`) and the tests.
 */
import { App, AppProps } from 'aws-cdk-lib';
import * as path from 'node:path';
import { addNagGate, applyNagSuppressions } from '../gates/nag';
import type { Manifest } from '../manifest/schema';
import { hubAccountOf } from '../manifest/hub-account';
import { LifecycleForwarderStack } from './lifecycle-forwarder-stack';
import { LifecycleStack } from './lifecycle-stack';
import { ManagementAccessStack } from './management-access-stack';
import { lifecycleEventPatterns } from './lifecycle-events';
import { PortfolioStack } from './portfolio-stack';
import { FalconHubStack } from './falcon-hub-stack';
import { FalconRegistrationStack } from './falcon-registration-stack';
import { EksHubStack } from './eks-hub-stack';

export interface FalconApp {
  readonly app: App;
  readonly portfolioStacks: PortfolioStack[];
  readonly lifecycleStack: LifecycleStack;
  readonly forwarderStacks: LifecycleForwarderStack[];
}

/** Organizations is a global service: its API calls reach EventBridge in one Region per partition. */
export function organizationsEventRegion(partition: string): string {
  return partition === 'aws-us-gov' ? 'us-gov-west-1' : 'us-east-1';
}

export interface BuildAppOptions extends AppProps {
  /** Run cdk-nag at synth (default true). Tests of other behaviour may switch it off to stay fast. */
  readonly nag?: boolean;
}

export function buildApp(manifest: Manifest, options: BuildAppOptions = {}): FalconApp {
  const { nag = true, ...appProps } = options;
  const app = new App(appProps);
  if (nag) addNagGate(app);

  const { homeRegion, governedRegions } = manifest.organization;
  const home = new PortfolioStack(app, `FalconPortfolio-${homeRegion}`, { manifest, region: homeRegion });
  const portfolioStacks = [home];
  for (const region of governedRegions.filter((r) => r !== homeRegion)) {
    portfolioStacks.push(new PortfolioStack(app, `FalconPortfolio-${region}`, { manifest, region, homeStack: home }));
  }

  const lifecycleStack = new LifecycleStack(app, 'FalconLifecycle', { manifest });
  const forwarderStacks = addForwarders(app, manifest, lifecycleStack);
  // A separate hub reaches the organisation through a role in the management account (core/access.ts).
  if (hubAccountOf(manifest) !== manifest.organization.managementAccountId) {
    new ManagementAccessStack(app, 'FalconManagementAccess', { manifest });
  }

  // Falcon hub: key, registration function and broker in the hub account and home Region; the
  // organisation registration in its own stack, deployed once the operator has stored the secret.
  const falconHub = new FalconHubStack(app, 'FalconHub', { manifest });
  new FalconRegistrationStack(app, 'FalconRegistration', { hub: falconHub });

  // EKS Protection hub: only when the product is enabled; the validator requires its `eks` settings.
  if (manifest.products['eks-protection']?.enabled && manifest.eks) {
    new EksHubStack(app, 'FalconEksHub', { manifest, options: manifest.eks });
  }

  applyNagSuppressions(app, manifest);
  return { app, portfolioStacks, lifecycleStack, forwarderStacks };
}

/**
 * Control Tower emits its events in the management account's home Region, Organizations in its own Region;
 * the lifecycle stack listens in the hub's home Region. A forwarder goes wherever those differ.
 */
function addForwarders(app: App, manifest: Manifest, lifecycle: LifecycleStack): LifecycleForwarderStack[] {
  const { partition, homeRegion, managementAccountId } = manifest.organization;
  const hubAccountId = hubAccountOf(manifest);
  const patterns = lifecycleEventPatterns();
  const orgRegion = organizationsEventRegion(partition);
  const sources = new Map<string, Record<string, (typeof patterns)[string]>>();
  const add = (region: string, name: string) => {
    if (managementAccountId === hubAccountId && region === homeRegion) return;
    sources.set(region, { ...(sources.get(region) ?? {}), [name]: patterns[name] });
  };
  add(homeRegion, 'ControlTowerLifecycle');
  add(orgRegion, 'OrganizationsChanges');
  return [...sources.entries()].map(([region, regionPatterns]) => {
    const stack = new LifecycleForwarderStack(app, `FalconLifecycleForwarder-${region}`, {
      account: managementAccountId,
      region,
      partition,
      hubAccountId,
      hubRegion: homeRegion,
      patterns: regionPatterns,
    });
    if (managementAccountId !== hubAccountId) lifecycle.allowEventsFrom(managementAccountId);
    return stack;
  });
}

/** Every product template in the synthesized assembly, with the product it belongs to (for the guard gate). */
export function productTemplateFiles(falconApp: FalconApp & { outdir: string }): { file: string; productId: string }[] {
  return falconApp.portfolioStacks.flatMap((stack) =>
    stack.products.map((p) => ({
      file: path.join(falconApp.outdir, p.productStack.templateFile),
      productId: p.definition.id,
    })),
  );
}
