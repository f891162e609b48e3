/** The two Falcon hub stacks in an app of their own, for template tests that must not depend on other stacks. */
import { App } from 'aws-cdk-lib';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Manifest } from '../../manifest/schema';
import { FalconHubStack } from '../../stacks/falcon-hub-stack';
import { FalconRegistrationStack } from '../../stacks/falcon-registration-stack';
import { exampleManifest } from '../helpers/example-app';

export function falconHubApp(manifest: Manifest = exampleManifest()) {
  const app = new App({
    outdir: mkdtempSync(path.join(tmpdir(), 'falcon-hub-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  const hub = new FalconHubStack(app, 'FalconHub', { manifest });
  const registration = new FalconRegistrationStack(app, 'FalconRegistration', { hub });
  return { app, hub, registration };
}
