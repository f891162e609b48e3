/**
 * The base of every product template. A published product version is locked to its snapshot, so its template must
 * be the same whoever synthesizes it. The `cdk` CLI switches on version reporting (a `CDKMetadata` resource), path
 * metadata and asset metadata through context; `npm run synth` and the tests do not. Product templates opt out of
 * all three here, so `npx cdk synth|deploy` and `npm run synth` publish byte-identical templates. The parent
 * stacks keep whatever the CLI asks for.
 */
import { ProductStack, ProductStackProps } from 'aws-cdk-lib/aws-servicecatalog';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';

export class FalconProductStack extends ProductStack {
  constructor(scope: Construct, id: string, props: ProductStackProps = {}) {
    super(scope, id, { ...props, analyticsReporting: false });
    // Context must be set before any child exists: read by every resource and asset created below this stack.
    this.node.setContext(cxapi.PATH_METADATA_ENABLE_CONTEXT, false);
    this.node.setContext(cxapi.ASSET_RESOURCE_METADATA_ENABLED_CONTEXT, false);
  }
}
