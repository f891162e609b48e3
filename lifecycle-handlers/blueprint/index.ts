/**
 * Lambda entry of the falcon-baseline custom resource (inlined into the product template). Thin: reads the
 * request, asks the broker with this function's own credentials, and answers CloudFormation through the
 * pre-signed response URL. Delete has nothing to undo: the resource only reads.
 */
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { callBroker, credentialsFromEnvironment } from '../broker-client/client';
import { fetchProductParameters, readRequest } from './product-parameters';

const PHYSICAL_ID_PREFIX = 'falcon-baseline-parameters-';

async function respond(
  event: CloudFormationCustomResourceEvent,
  outcome: { status: 'SUCCESS' | 'FAILED'; reason?: string; data?: Record<string, string> },
): Promise<void> {
  const body = JSON.stringify({
    Status: outcome.status,
    Reason: outcome.reason ?? 'see the function log',
    PhysicalResourceId: `${PHYSICAL_ID_PREFIX}${String(event.ResourceProperties.ProductId)}`,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: outcome.data ?? {},
  });
  // The pre-signed S3 URL takes a PUT with no content type.
  const response = await fetch(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '' }, body });
  if (!response.ok) throw new Error(`CloudFormation response upload failed: HTTP ${response.status}`);
}

export async function handler(event: CloudFormationCustomResourceEvent, _context: Context): Promise<void> {
  if (event.RequestType === 'Delete') return respond(event, { status: 'SUCCESS' });
  try {
    const request = readRequest(event.ResourceProperties);
    const data = await fetchProductParameters(request, (body) =>
      callBroker({ url: request.brokerUrl, body, credentials: credentialsFromEnvironment(), fetch }),
    );
    // Keys only: the log says which product was served, never the values.
    console.log(JSON.stringify({ message: 'parameters served', productId: request.productId, keys: Object.keys(data) }));
    await respond(event, { status: 'SUCCESS', data });
  } catch (err) {
    const reason = (err as Error).message;
    console.log(JSON.stringify({ message: 'parameters not served', error: reason }));
    await respond(event, { status: 'FAILED', reason });
  }
}
