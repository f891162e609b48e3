/**
 * Shares a portfolio with the organisation, OUs (by ID or path) and accounts through `CreatePortfolioShare`
 * with `OrganizationNode`: CloudFormation's PortfolioShare resource takes account IDs only.
 * One resource per portfolio, so every share action on it runs serially inside one handler invocation.
 */
import { Arn, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { ShareResourceProperties } from '../../lifecycle-handlers/portfolio-share/reconcile';
import { HandlerFunction } from './node-function';

export interface PortfolioShareProps {
  /** What the handler shares (lifecycle-handlers/portfolio-share/properties.ts builds them from the manifest). */
  readonly properties: ShareResourceProperties;
  readonly managementAccountId: string;
  /** With a separate hub: the management account's org-access role, through which the handler reads Organizations. */
  readonly orgAccessRoleArn?: string;
}

export class PortfolioShare extends Construct {
  constructor(scope: Construct, id: string, props: PortfolioShareProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const organizationId = props.properties.OrganizationId;
    const handler = new HandlerFunction(this, 'Handler', {
      entryFile: 'lifecycle-handlers/portfolio-share/index.ts',
      description: 'Shares the Falcon portfolio with the organisation, OUs and accounts in the manifest',
      // Org-wide shares can take minutes; the handler stops 30 s before this to report a clear failure.
      timeout: Duration.minutes(14),
      ...(props.orgAccessRoleArn ? { environment: { ORG_ACCESS_ROLE_ARN: props.orgAccessRoleArn } } : {}),
    });
    if (props.orgAccessRoleArn) {
      handler.addToRolePolicy(
        new PolicyStatement({ sid: 'AssumeOrgAccessRole', actions: ['sts:AssumeRole'], resources: [props.orgAccessRoleArn] }),
      );
    }
    handler.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'servicecatalog:CreatePortfolioShare',
          'servicecatalog:UpdatePortfolioShare',
          'servicecatalog:DeletePortfolioShare',
          'servicecatalog:DescribePortfolioShares',
        ],
        resources: [
          Arn.format({ service: 'catalog', resource: 'portfolio', resourceName: props.properties.PortfolioId }, stack),
        ],
      }),
    );
    handler.addToRolePolicy(
      new PolicyStatement({
        // Share status is looked up by token, and organisation discovery has no resource-level permissions:
        // IAM accepts only `*` for these read-only calls.
        actions: [
          'servicecatalog:DescribePortfolioShareStatus',
          'organizations:DescribeOrganization',
          'organizations:ListRoots',
        ],
        resources: ['*'],
      }),
    );
    handler.addToRolePolicy(
      new PolicyStatement({
        // Walking OU paths, and what Service Catalog checks when sharing with an OU or account.
        actions: [
          'organizations:ListOrganizationalUnitsForParent',
          'organizations:DescribeOrganizationalUnit',
          'organizations:DescribeAccount',
          'organizations:ListAccountsForParent',
        ],
        resources: [
          `arn:${stack.partition}:organizations::${props.managementAccountId}:root/${organizationId}/r-*`,
          `arn:${stack.partition}:organizations::${props.managementAccountId}:ou/${organizationId}/ou-*`,
          `arn:${stack.partition}:organizations::${props.managementAccountId}:account/${organizationId}/*`,
        ],
      }),
    );

    const provider = new Provider(this, 'Provider', { onEventHandler: handler });
    new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::FalconPortfolioShare',
      properties: props.properties as unknown as Record<string, unknown>,
    });
  }
}
