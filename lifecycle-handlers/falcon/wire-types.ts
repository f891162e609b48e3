/**
 * The Falcon API's JSON as it travels (snake_case), for the fields this package reads. Responses are read from
 * the raw body rather than through the SDK's generated models, which rename fields and turn missing dates into
 * `Invalid Date`; the field names of CrowdStrike's API (as the SDK's FromJSON functions name them) then apply unchanged.
 */

export interface FalconApiErrorEntry {
  readonly code?: number;
  readonly message?: string;
  readonly id?: string;
}

/** Every Falcon response: `{meta, resources, errors}`. */
export interface FalconEnvelope<T> {
  readonly meta?: {
    readonly query_time?: number;
    readonly trace_id?: string;
    readonly powered_by?: string;
    readonly pagination?: { readonly offset?: number; readonly limit?: number; readonly total?: number };
  };
  readonly resources?: T[] | null;
  readonly errors?: FalconApiErrorEntry[] | null;
}

/** A product and its features in a cloud registration (the SDK's DomainProductFeatures). */
export interface ProductFeatures {
  readonly product?: string;
  readonly features?: string[] | null;
}

/**
 * `/cloud-security-registration-aws/entities/account/v1` resource: the SDK's DomainCloudAWSAccountV1, of which this
 * package reads the account, its products and the resource metadata (CrowdStrike's side of the trust).
 */
export interface CloudAwsAccount {
  readonly account_id?: string;
  readonly organization_id?: string;
  readonly account_type?: string;
  readonly is_master?: boolean;
  readonly products?: ProductFeatures[] | null;
  readonly resource_metadata?: {
    readonly external_id?: string;
    readonly iam_role_arn?: string;
    readonly intermediate_role_arn?: string;
    /** One name, or (GovCloud) one per Region, comma-separated. */
    readonly eventbus_name?: string;
    /** The bus ARN, or (GovCloud) one ARN per Region, comma-separated. */
    readonly aws_eventbus_arn?: string;
    readonly aws_cloudtrail_bucket_name?: string;
    readonly aws_cloudtrail_region?: string;
  } | null;
}

/** `/container-security/entities/registries/v1` resource. */
export interface RegistryEntity {
  readonly id: string;
  readonly type?: string;
  readonly url?: string;
  readonly state?: string;
  readonly user_defined_alias?: string;
  readonly created_at?: string;
}
