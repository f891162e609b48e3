/**
 * The bucket that holds ProductStack file assets (Lambda code of products that have any).
 *
 * CloudFormation in member accounts reads these objects when a product is launched, so CDK's default grant (only
 * accounts named with `shareWithAccount`) would break every OU-shared launch. Instead the bucket is readable by
 * principals of this organisation only (`aws:PrincipalOrgID`), TLS-only, encrypted, versioned and logged.
 * ProductStack requires a literal bucket name, so the name is derived from the hub account and Region.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AnyPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, IBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface ProductAssetBucketProps {
  readonly hubAccountId: string;
  readonly region: string;
  readonly organizationId: string;
}

export class ProductAssetBucket extends Construct {
  readonly bucket: IBucket;

  constructor(scope: Construct, id: string, props: ProductAssetBucketProps) {
    super(scope, id);
    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const bucket = new Bucket(this, 'Bucket', {
      bucketName: `falcon-catalog-assets-${props.hubAccountId}-${props.region}`,
      // SSE-S3 rather than a KMS key: CloudFormation in every member account reads these objects, and a KMS key
      // would need an org-wide decrypt grant that adds no protection over the bucket policy below.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'product-assets/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OrganisationReadsProductAssets',
        principals: [new AnyPrincipal()],
        actions: ['s3:GetObject'],
        resources: [bucket.arnForObjects('*')],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
      }),
    );
    this.bucket = bucket;
  }
}
