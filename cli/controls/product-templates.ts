/**
 * Finds each product version's synthesized template in a cloud assembly (`cdk.out`).
 *
 * A portfolio stack's `AWS::ServiceCatalog::CloudFormationProduct` names the product (its display name) and, per
 * provisioning artifact, the version and the asset URL of its template; the stack's asset manifest maps that
 * asset's hash back to the file in the assembly. So the mapping is read, never guessed from file names.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PRODUCTS } from '../../products/registry';

export interface ProductTemplate {
  readonly productId: string;
  readonly version: string;
  readonly region: string;
  readonly file: string;
}

interface AssemblyManifest {
  readonly artifacts?: Record<string, { type?: string; environment?: string; properties?: { templateFile?: string; file?: string } }>;
}

interface CfnProduct {
  readonly Type?: string;
  readonly Properties?: {
    readonly Name?: unknown;
    readonly ProvisioningArtifactParameters?: readonly { Name?: unknown; Info?: { LoadTemplateFromURL?: unknown } }[];
  };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** `…/<hash>.json`, written as a plain string or inside Fn::Sub. */
function assetHashOf(url: unknown): string | undefined {
  const text = typeof url === 'string' ? url : typeof url === 'object' && url !== null ? (url as Record<string, unknown>)['Fn::Sub'] : undefined;
  if (typeof text !== 'string') return undefined;
  return /\/([0-9a-f]{64})\.json$/.exec(text)?.[1];
}

/** Every product version template in the assembly, or undefined when `cdkOut` holds no synthesized assembly. */
export function findProductTemplates(cdkOut: string): ProductTemplate[] | undefined {
  const manifestFile = path.join(cdkOut, 'manifest.json');
  if (!existsSync(manifestFile)) return undefined;
  const artifacts = readJson<AssemblyManifest>(manifestFile).artifacts ?? {};
  const assetFiles = new Map<string, string>();
  for (const artifact of Object.values(artifacts)) {
    if (artifact.type !== 'cdk:asset-manifest' || !artifact.properties?.file) continue;
    const assets = readJson<{ files?: Record<string, { source?: { path?: string } }> }>(path.join(cdkOut, artifact.properties.file));
    for (const [hash, asset] of Object.entries(assets.files ?? {})) {
      if (asset.source?.path) assetFiles.set(hash, path.join(cdkOut, asset.source.path));
    }
  }
  const byDisplayName = new Map(PRODUCTS.map((p) => [p.displayName, p.id]));
  const templates: ProductTemplate[] = [];
  for (const artifact of Object.values(artifacts)) {
    const templateFile = artifact.properties?.templateFile;
    if (artifact.type !== 'aws:cloudformation:stack' || !templateFile) continue;
    const region = artifact.environment?.split('/').pop() ?? 'unknown';
    const resources = readJson<{ Resources?: Record<string, CfnProduct> }>(path.join(cdkOut, templateFile)).Resources ?? {};
    for (const resource of Object.values(resources)) {
      if (resource.Type !== 'AWS::ServiceCatalog::CloudFormationProduct') continue;
      const productId = typeof resource.Properties?.Name === 'string' ? byDisplayName.get(resource.Properties.Name) : undefined;
      if (!productId) continue;
      for (const artifactParameters of resource.Properties?.ProvisioningArtifactParameters ?? []) {
        const hash = assetHashOf(artifactParameters.Info?.LoadTemplateFromURL);
        const file = hash ? assetFiles.get(hash) : undefined;
        if (file && typeof artifactParameters.Name === 'string') {
          templates.push({ productId, version: artifactParameters.Name, region, file });
        }
      }
    }
  }
  return templates;
}
