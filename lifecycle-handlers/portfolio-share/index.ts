/**
 * Custom resource (CDK Provider framework `onEvent`) that shares a portfolio with the organisation, OUs and
 * accounts named in the manifest. Thin: it turns resource properties into share targets, then plans and applies.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import { STSClient } from '@aws-sdk/client-sts';
import { assumedRoleCredentials } from '../core/clients';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { reconcilePortfolioShares, ShareResourceProperties } from './reconcile';

const logger = new Logger({ serviceName: 'falcon-portfolio-share' });
const serviceCatalog = new ServiceCatalogClient({ retryMode: 'adaptive', maxAttempts: 8 });
// With a separate hub, Organizations answers only through the org-access role in the management account
// (lifecycle-handlers/core/access.ts); the stack sets ORG_ACCESS_ROLE_ARN then.
const orgAccessRoleArn = process.env.ORG_ACCESS_ROLE_ARN;
const organizations = new OrganizationsClient({
  retryMode: 'adaptive',
  maxAttempts: 8,
  ...(orgAccessRoleArn
    ? {
        credentials: assumedRoleCredentials(
          new STSClient({}),
          { roleArn: orgAccessRoleArn, accountId: orgAccessRoleArn.split(':')[4] },
          'falcon-portfolio-share',
        ),
      }
    : {}),
});

export async function handler(event: CloudFormationCustomResourceEvent, context: { getRemainingTimeInMillis(): number }) {
  const props = event.ResourceProperties as unknown as ShareResourceProperties;
  const previous =
    event.RequestType === 'Update' ? (event.OldResourceProperties as unknown as ShareResourceProperties) : undefined;
  logger.appendKeys({ portfolioId: props.PortfolioId, requestType: event.RequestType });

  await reconcilePortfolioShares({
    requestType: event.RequestType,
    props,
    previous,
    serviceCatalog,
    organizations,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: Date.now,
    // Leave a margin so a slow share is reported as a clear failure rather than a Lambda timeout.
    deadline: Date.now() + context.getRemainingTimeInMillis() - 30_000,
    log: (message, details) => logger.info(message, details ?? {}),
  });
  return { PhysicalResourceId: `${props.PortfolioId}-shares` };
}
