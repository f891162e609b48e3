/**
 * Lambda entry of the organisation registration custom resource (CDK Provider framework `onEvent`). Thin: wires
 * the Falcon session and SSM into the pure core in registration.ts.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { RegistrationEvent, RegistrationResult, handleRegistrationEvent } from './registration';
import { deleteRegistrationOutputs, writeRegistrationOutputs } from './registration-outputs';
import { createFalconSession } from './runtime';

const logger = new Logger({ serviceName: 'falcon-registration' });
const ssm = new SSMClient({});
let remainingMs = () => 60_000;
const session = createFalconSession({
  remainingMs: () => remainingMs(),
  onRetry: (notice) => logger.warn('retrying a Falcon API call', { ...notice }),
});

export async function handler(event: CloudFormationCustomResourceEvent, context: Context): Promise<RegistrationResult> {
  remainingMs = () => context.getRemainingTimeInMillis();
  logger.appendKeys({ requestType: event.RequestType, logicalResourceId: event.LogicalResourceId });
  try {
    return await handleRegistrationEvent(event as unknown as RegistrationEvent, {
      falcon: session,
      outputs: { write: (outputs) => writeRegistrationOutputs(ssm, outputs), remove: () => deleteRegistrationOutputs(ssm) },
      log: (message, details) => logger.info(message, details ?? {}),
    });
  } catch (err) {
    // The Provider framework turns the thrown message into the FAILED reason shown in CloudFormation.
    logger.error('Falcon organisation registration failed', { error: (err as Error).message });
    throw err;
  }
}
