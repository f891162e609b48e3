/** Turns Falcon's cloud registration resource into the non-secret outputs the products need. */
import type { RegistrationOutputs } from './registration-outputs';
import type { CloudAwsAccount } from './wire-types';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,64})$/;

function parseRoleArn(field: string, arn: string | undefined): { account: string; name: string } {
  if (!arn) throw new Error(`Falcon's registration response has no resource_metadata.${field}`);
  const match = ROLE_ARN.exec(arn);
  if (!match) throw new Error(`Falcon's registration response has an unexpected resource_metadata.${field}: ${arn}`);
  return { account: match[1], name: match[2] };
}

/** A comma-separated list with its blanks removed, or undefined when nothing is left. */
function list(value: string | undefined): string | undefined {
  const entries = (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  return entries.length > 0 ? entries.join(',') : undefined;
}

export function registrationOutputsFrom(account: CloudAwsAccount): RegistrationOutputs {
  const meta = account.resource_metadata ?? {};
  const intermediate = parseRoleArn('intermediate_role_arn', meta.intermediate_role_arn);
  const reader = parseRoleArn('iam_role_arn', meta.iam_role_arn);
  if (!meta.external_id) throw new Error("Falcon's registration response has no resource_metadata.external_id");
  // Every entry is kept: GovCloud tenants return one bus per Region, and each Region's rules need their own
  // (products/kit/ioa-forwarding.ts picks it). The ARNs say which Region each bus is in; names may not.
  const eventBusName = list(meta.aws_eventbus_arn) ?? list(meta.eventbus_name);
  return {
    crowdStrikeAccountId: intermediate.account,
    intermediateRoleName: intermediate.name,
    externalId: meta.external_id,
    readerRoleName: reader.name,
    ...(eventBusName ? { eventBusName } : {}),
    ...(meta.aws_cloudtrail_bucket_name ? { cloudTrailBucketName: meta.aws_cloudtrail_bucket_name } : {}),
  };
}
