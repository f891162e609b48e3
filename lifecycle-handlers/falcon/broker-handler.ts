/**
 * Lambda entry of the Falcon broker, behind a function URL with AWS_IAM auth and an organisation-only resource
 * policy. Thin: extracts the SigV4-authenticated caller and the body, then runs the pure core in broker.ts. The rate
 * limiter lives as long as the instance.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Context, LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { handleBrokerRequest } from './broker';
import { BLUEPRINT_SOURCE_ENV, parseBlueprintSource } from './broker-blueprint';
import { AccountRateLimiter } from './broker-rate-limit';
import { readRegistrationOutputs } from './registration-outputs';
import { RegistrationResourceProperties, registrationSettings } from './registration-request';
import { FALCON_ENV, createFalconSession, requiredEnv } from './runtime';

const logger = new Logger({ serviceName: 'falcon-broker' });
const ssm = new SSMClient({});
let remainingMs = () => 30_000;
const session = createFalconSession({
  remainingMs: () => remainingMs(),
  onRetry: (notice) => logger.warn('retrying a Falcon API call', { ...notice }),
});
const settings = registrationSettings(JSON.parse(requiredEnv(FALCON_ENV.registrationSettings)) as RegistrationResourceProperties);
const partition = requiredEnv(FALCON_ENV.partition);
const blueprintJson = process.env[BLUEPRINT_SOURCE_ENV];
const blueprint = blueprintJson ? parseBlueprintSource(blueprintJson) : undefined;
const limiter = new AccountRateLimiter();

export async function handler(event: LambdaFunctionURLEvent, context: Context): Promise<LambdaFunctionURLResult> {
  remainingMs = () => context.getRemainingTimeInMillis();
  // Function URL events carry the SigV4 identity here; @types/aws-lambda does not declare it.
  type IamAuthorizer = { iam?: { accountId?: string; principalOrgId?: string | null; userArn?: string } };
  const { authorizer } = event.requestContext as { authorizer?: IamAuthorizer };
  const iam = authorizer?.iam;
  const body = event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const response = await handleBrokerRequest(
    {
      callerAccountId: iam?.accountId,
      callerOrganizationId: iam?.principalOrgId ?? undefined,
      callerArn: iam?.userArn,
      method: event.requestContext.http.method,
      body,
    },
    {
      falcon: session,
      readOutputs: () => readRegistrationOutputs(ssm),
      settings,
      partition,
      blueprint,
      limiter,
      log: (message, details) => logger.info(message, { ...details, requestId: event.requestContext.requestId }),
    },
  );
  return {
    statusCode: response.statusCode,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(response.body),
  };
}
