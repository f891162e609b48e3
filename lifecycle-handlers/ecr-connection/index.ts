/**
 * Lambda entry of the ecr-connections custom resources (inlined into the product template). Thin: wires the SSM
 * store, the SigV4 broker and IAM calls with this function's own credentials, runs the pure core, and answers
 * CloudFormation through the pre-signed response URL.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { callBroker, credentialsFromEnvironment } from '../broker-client/client';
import { Outcome, handleEcrEvent } from './custom-resource';
import { iamTrustPolicyReader } from './iam-get-role';
import { ssmExternalIdStore } from './ssm-store';

/** Kept back from the Lambda timeout for rolling back connections and answering CloudFormation. */
const RESERVE_MS = 60_000;
const ssm = new SSMClient({});

async function respond(event: CloudFormationCustomResourceEvent, outcome: Outcome): Promise<void> {
  const body = JSON.stringify({
    Status: outcome.status,
    Reason: (outcome.reason ?? 'see the function log').slice(0, 3500),
    PhysicalResourceId: outcome.physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: outcome.noEcho ?? false,
    Data: outcome.data ?? {},
  });
  // The pre-signed S3 URL takes a PUT with no content type.
  const response = await fetch(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '' }, body });
  if (!response.ok) throw new Error(`CloudFormation response upload failed: HTTP ${response.status}`);
}

export async function handler(event: CloudFormationCustomResourceEvent, context: Context): Promise<void> {
  const outcome = await handleEcrEvent(event, {
    store: ssmExternalIdStore(ssm),
    broker: (url) => (body) => callBroker({ url, body, credentials: credentialsFromEnvironment(), fetch }),
    readTrustPolicy: (partition) => iamTrustPolicyReader({ partition, credentials: () => credentialsFromEnvironment(), fetch }),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    budgetMs: () => context.getRemainingTimeInMillis() - RESERVE_MS,
    // Structured lines with what was done; never the external ID.
    log: (message, details) => console.log(JSON.stringify({ message, requestId: event.RequestId, ...details })),
  });
  await respond(event, outcome);
}
