/**
 * The Falcon API's JSON as it travels (snake_case), for the fields this package reads. Responses are read from
 * the raw body rather than through the SDK's generated models, which rename fields and turn missing dates into
 * `Invalid Date`; the field names the registration reads then apply unchanged.
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

/** `/cloud-connect-cspm-aws/entities/account/v1` resource. */
export interface CspmAwsAccount {
  readonly account_id?: string;
  readonly organization_id?: string;
  readonly account_type?: string;
  readonly is_master?: boolean;
  readonly external_id?: string;
  readonly iam_role_arn?: string;
  readonly intermediate_role_arn?: string;
  readonly eventbus_name?: string;
  readonly aws_eventbus_arn?: string;
  readonly aws_cloudtrail_bucket_name?: string;
  readonly aws_cloudtrail_region?: string;
  readonly behavior_assessment_enabled?: boolean;
  readonly sensor_management_enabled?: boolean;
  readonly dspm_enabled?: boolean;
  readonly status?: string;
}

/** `/cloud-security-registration-aws/entities/account/v1` resource (Identity Protection and other products). */
export interface CloudAwsAccount {
  readonly account_id?: string;
  readonly organization_id?: string;
  readonly products?: { readonly product?: string; readonly features?: string[] }[];
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
