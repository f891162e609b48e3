/** Turns Falcon's CSPM registration resource into the non-secret outputs the products need. */
import type { RegistrationOutputs } from './registration-outputs';
import type { CspmAwsAccount } from './wire-types';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,64})$/;

function parseRoleArn(field: string, arn: string | undefined): { account: string; name: string } {
  if (!arn) throw new Error(`Falcon's registration response has no ${field}`);
  const match = ROLE_ARN.exec(arn);
  if (!match) throw new Error(`Falcon's registration response has an unexpected ${field}: ${arn}`);
  return { account: match[1], name: match[2] };
}

export function registrationOutputsFrom(account: CspmAwsAccount): RegistrationOutputs {
  const intermediate = parseRoleArn('intermediate_role_arn', account.intermediate_role_arn);
  const reader = parseRoleArn('iam_role_arn', account.iam_role_arn);
  if (!account.external_id) throw new Error("Falcon's registration response has no external_id");
  // GovCloud tenants return one bus name per Region, comma-separated; the first is the home Region's.
  const eventBusName = account.eventbus_name
    ?.split(',')
    .map((s) => s.trim())
    .find((s) => s !== '');
  return {
    crowdStrikeAccountId: intermediate.account,
    intermediateRoleName: intermediate.name,
    externalId: account.external_id,
    readerRoleName: reader.name,
    ...(eventBusName ? { eventBusName } : {}),
    ...(account.aws_cloudtrail_bucket_name ? { cloudTrailBucketName: account.aws_cloudtrail_bucket_name } : {}),
  };
}
