/**
 * Product version history whose snapshots are shared by every Region.
 *
 * CDK's ProductStackHistory keys a snapshot by the history construct's unique ID, which contains the stack name,
 * so each Region's portfolio stack wants its own copy of every published version. A manifest that governs a Region
 * the package was never synthesized for then fails with `TemplateNotFound` for every older version, although the
 * templates are the same in every Region (they use AWS::Region, never a literal). Here a snapshot is keyed by
 * product ID and version only: one file per published version, `<product>.<version>.product.template.json`, used
 * by every Region, and the locking rule is unchanged (a published version's template never changes).
 *
 * `_writeTemplateToSnapshot` is the hook ProductStack calls at synth with the newest version's template; the test
 * suite proves it is still called (test/gates: a changed locked version fails synth), so a CDK upgrade that moved it
 * would be caught.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CloudFormationProductVersion,
  CloudFormationTemplate,
  ProductStackHistory,
  type ProductStackHistoryProps,
} from 'aws-cdk-lib/aws-servicecatalog';
import type { Construct } from 'constructs';

export function snapshotFileName(productId: string, version: string): string {
  return `${productId}.${version}.product.template.json`;
}

export interface SharedSnapshotHistoryProps extends ProductStackHistoryProps {
  readonly productId: string;
  readonly directory: string;
}

export class SharedSnapshotHistory extends ProductStackHistory {
  private readonly shared: SharedSnapshotHistoryProps;

  constructor(scope: Construct, id: string, props: SharedSnapshotHistoryProps) {
    super(scope, id, props);
    this.shared = props;
  }

  private fileOf(version: string): string {
    return path.join(this.shared.directory, snapshotFileName(this.shared.productId, version));
  }

  override versionFromSnapshot(productVersionName: string): CloudFormationProductVersion {
    const file = this.fileOf(productVersionName);
    if (!existsSync(file)) {
      throw new Error(
        `TemplateNotFound: no snapshot of ${this.shared.productId} ${productVersionName} (${file}); a version is ` +
          'snapshotted when it is synthesized as the newest, before it can be published as an older one',
      );
    }
    return {
      cloudFormationTemplate: CloudFormationTemplate.fromAsset(file),
      productVersionName,
      description: this.shared.description,
    };
  }

  /** Called by ProductStack at synth with the newest version's template (see the file comment). */
  _writeTemplateToSnapshot(cfn: string): void {
    const { currentVersionName, currentVersionLocked, directory, productId } = this.shared;
    const file = this.fileOf(currentVersionName);
    if (existsSync(file) && readFileSync(file, 'utf8') !== cfn) {
      if (currentVersionLocked) {
        throw new Error(
          `Template has changed for ProductStack Version ${currentVersionName} of ${productId} (${file}). ` +
            'A published version never changes: add a new version to the product\'s registry entry.',
        );
      }
    }
    mkdirSync(directory, { recursive: true });
    writeFileSync(file, cfn);
  }
}
