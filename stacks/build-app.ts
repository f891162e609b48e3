/**
 * Builds the whole CDK app from a validated manifest: the stacks, the products inside them, and the gates.
 * Shared by `bin/app.ts` (the cdk CLI entry), `bin/synth.ts` (`npm run synth`) and the tests.
 */
import { App, AppProps } from 'aws-cdk-lib';
import * as path from 'node:path';
import { addNagGate, applyNagSuppressions } from '../gates/nag';
import type { Manifest } from '../manifest/schema';
import { PortfolioStack } from './portfolio-stack';

export interface FalconApp {
  readonly app: App;
  readonly portfolioStacks: PortfolioStack[];
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

  applyNagSuppressions(app, manifest);
  return { app, portfolioStacks };
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
