/**
 * The permissions boundary every role a Falcon product creates carries, from product versions v1.2.0 on.
 *
 * The launch-role product creates it (a customer-managed policy at a fixed path and name, so every product template,
 * published once for every organisation, can name it), and the launch role may create or change a product role only
 * when the request carries exactly this boundary (`iam:PermissionsBoundary`). A product template, or an account
 * owner's parameters, can therefore never give a role more than this ceiling.
 *
 * CDK-free: the registry, the manifest validator and the gates read it.
 */
export const PRODUCT_BOUNDARY_PATH = '/falcon-catalog/';
export const PRODUCT_BOUNDARY_NAME = 'FalconCatalogProductBoundary';

/** The boundary's ARN in one account (IAM policy ARNs carry the path). */
export function productBoundaryArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:policy${PRODUCT_BOUNDARY_PATH}${PRODUCT_BOUNDARY_NAME}`;
}

/** The first launch-role version that creates the boundary and enforces it. */
export const BOUNDARY_LAUNCH_ROLE_VERSION = 'v1.4.0';
