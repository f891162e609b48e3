/** Synthesizes the EKS hub stack and the EKS Protection product on their own, with the cdk-nag gate on. */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { addNagGate, applyNagSuppressions } from '../../gates/nag';
import type { Manifest } from '../../manifest/schema';
import { EksProtectionProduct } from '../../products/eks-protection/template';
import { type EksHubOptionsInput, eksHubOptionsSchema } from '../../products/eks-protection/options';
import { EksHubStack } from '../../stacks/eks-hub-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type { Json };

/** The installer's own client secret, next to the example manifest's organisation client (falcon/api-client). */
export const INSTALLER_SECRET = 'falcon/eks-installer';

/** The EKS settings of the tests: the installer's own client, every other value the package's default. */
export function hubOptions(overrides: Partial<EksHubOptionsInput> = {}) {
  return eksHubOptionsSchema.parse({ apiCredentials: { secretName: INSTALLER_SECRET }, ...overrides });
}

function newApp(): { app: App; outdir: string } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'falcon-eks-'));
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  addNagGate(app);
  return { app, outdir };
}

/** Throws (cdk-nag's ValidationFailed) on any unsuppressed finding. */
export function synthHub(manifest: Manifest, overrides: Partial<EksHubOptionsInput> = {}): Json {
  const { app, outdir } = newApp();
  new EksHubStack(app, 'FalconEksHub', { manifest, options: hubOptions(overrides) });
  applyNagSuppressions(app, manifest);
  app.synth();
  return JSON.parse(readFileSync(path.join(outdir, 'FalconEksHub.template.json'), 'utf8'));
}

export function synthProduct(manifest: Manifest): Json {
  const { app, outdir } = newApp();
  const parent = new Stack(app, 'ProductParent', { env: { account: '111111111111', region: 'us-east-1' } });
  const product = new EksProtectionProduct(parent, 'EksProtectionTemplate');
  Validations.of(parent).acknowledge({ id: 'CloudFormation-Validate::F0001', reason: 'the test parent holds only the product' });
  applyNagSuppressions(app, manifest);
  app.synth();
  return JSON.parse(readFileSync(path.join(outdir, product.templateFile), 'utf8'));
}

export function resourcesOfType(template: Json, type: string): [string, Json][] {
  return Object.entries(template.Resources as Json).filter(([, r]) => (r as Json).Type === type) as [string, Json][];
}
