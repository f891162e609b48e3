/**
 * Control Tower proactive controls (cfn-guard rules) that product templates are allowed to fail, each with the
 * reason. Keyed by the guard rule name (as `cfn-guard` reports it); the control ID is derived from the rule file.
 * Only sensor-management (its orchestrator function and log group), falcon-baseline (its parameters function
 * and log group), ecr-connections (its connections function and log group) and the launch role (the product
 * boundary's ceiling) need waivers; every other product template passes all 237 bundled controls.
 */
export interface GuardWaiver {
  readonly rule: string;
  /** Product IDs the waiver applies to; the waiver never applies to other products. */
  readonly products: readonly string[];
  readonly reason: string;
}

export const GUARD_WAIVERS: readonly GuardWaiver[] = [
  {
    rule: 'cloudwatch_log_group_retention_period_check',
    products: ['sensor-management'],
    reason:
      'CT.CLOUDWATCH.PR.2: RetentionInDays is a template parameter, which the static check cannot compare; its ' +
      'allowed values are all 365 days or more, so the control (and its CloudFormation hook) holds for every launch.',
  },
  {
    rule: 'cloudwatch_log_group_encrypted_check',
    products: ['sensor-management'],
    reason:
      'CT.CLOUDWATCH.PR.3: the orchestrator log group holds no credentials (they stay in Secrets Manager, debug ' +
      'logging is off) and CloudWatch Logs encrypts it at rest; a customer-managed key per member account would ' +
      'add a KMS key and key-management rights to the launch role. OUs enforcing this control cannot run 1Click.',
  },
  {
    rule: 'lambda_inside_vpc_check',
    products: ['sensor-management'],
    reason:
      'CT.LAMBDA.PR.3: CrowdStrike\'s orchestrator must reach the Falcon API and SSM; member accounts have no ' +
      'VPC or egress path this product could rely on. OUs enforcing this control cannot run 1Click (docs/products.md).',
  },
  {
    rule: 'cloudwatch_log_group_encrypted_check',
    products: ['falcon-baseline'],
    reason:
      'CT.CLOUDWATCH.PR.3: the parameters function logs product IDs and parameter names only, never values, and ' +
      'CloudWatch Logs encrypts it at rest; a customer-managed key per account would add a KMS key to every ' +
      'blueprint. OUs enforcing this control cannot use the baseline (docs/account-factory.md).',
  },
  {
    rule: 'lambda_inside_vpc_check',
    products: ['falcon-baseline'],
    reason:
      'CT.LAMBDA.PR.3: the parameters function must reach the hub broker\'s function URL from a freshly vended ' +
      'account, which has no VPC yet. OUs enforcing this control cannot use the baseline (docs/account-factory.md).',
  },
  {
    rule: 'cloudwatch_log_group_encrypted_check',
    products: ['ecr-connections'],
    reason:
      'CT.CLOUDWATCH.PR.3: the connections function logs Regions and registry IDs only, never the external ID, and ' +
      'CloudWatch Logs encrypts it at rest; a customer-managed key per account would add a KMS key and key rights ' +
      'to the launch role. OUs enforcing this control cannot run ecr-connections (docs/ecr-connections.md).',
  },
  {
    rule: 'lambda_inside_vpc_check',
    products: ['ecr-connections'],
    reason:
      'CT.LAMBDA.PR.3: the connections function must reach the hub broker\'s function URL and IAM from any member ' +
      'account, which may have no VPC or egress path. OUs enforcing this control cannot run ecr-connections ' +
      '(docs/ecr-connections.md).',
  },
  {
    rule: 'iam_managed_policy_no_statements_with_admin_access_check',
    products: ['launch-role'],
    reason:
      'CT.IAM.PR.2: the Allow of "*" is the ceiling of the product boundary (a permissions boundary grants nothing; ' +
      'products/launch-role/product-boundary-policy.ts), minus the IAM, Organizations and role-chaining changes it ' +
      'denies. A narrower ceiling cannot hold the IOM reader role\'s SecurityAudit (192 services) within IAM\'s 6,144 ' +
      'characters. OUs enforcing this control cannot get launch role v1.4.0 (falcon-catalog plan warns of it).',
  },
  {
    rule: 'iam_managed_policy_no_statements_with_full_access_check',
    products: ['launch-role'],
    reason:
      'CT.IAM.PR.3: the same ceiling statement of the product boundary ("*" is a full-access action to this rule). ' +
      'OUs enforcing this control cannot get launch role v1.4.0 (falcon-catalog plan warns of it).',
  },
];
