/**
 * CDK app entry for the cdk CLI (`npx cdk synth|deploy`). The manifest comes from the `manifest` context value
 * (`-c manifest=path/to/manifest.yaml`, or cdk.json), defaulting to the example manifest.
 */
import { loadManifestOrExit, DEFAULT_MANIFEST } from './manifest-arg';
import { buildApp } from '../stacks/build-app';

const context = JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}') as { manifest?: string };
const manifest = loadManifestOrExit(context.manifest ?? DEFAULT_MANIFEST);
buildApp(manifest).app.synth();
