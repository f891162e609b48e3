/**
 * What the IOM reader role reads beyond SecurityAudit, from v1.3.0 on: CrowdStrike's current read list
 * (`crowdstrike-read-list.ts`) minus the actions that read a customer's data or secrets rather than the
 * configuration of a resource. Every decision is made here, action by action, with its reason, so a test can hold
 * the template to it and a reviewer can argue with one line.
 *
 * Why exclude at all: the role is assumed by a third party (Falcon, with an external ID). A compromised Falcon
 * tenant, or a mistake on CrowdStrike's side, must not be able to pull container images, function code, table rows,
 * passwords or parameter values out of every account of the organisation through it.
 */
import { CROWDSTRIKE_IOM_APIGATEWAY, CROWDSTRIKE_IOM_READ_ACTIONS } from './crowdstrike-read-list';

/** CrowdStrike actions the role does not get, each with the data it would expose (API reference of the action). */
export const IOM_EXCLUDED_DATA_READS: Readonly<Record<string, string>> = {
  'ecr:BatchGetImage': 'returns image manifests: the content of container images, not their configuration',
  'ecr:GetDownloadUrlForLayer': 'returns a pre-signed URL to download an image layer (image content)',
  'lambda:GetFunction': 'returns a pre-signed URL to download the deployment package, i.e. the function code',
  'cassandra:Select': 'reads rows of Keyspaces tables (a data-plane query)',
  'lightsail:GetInstanceAccessDetails':
    'issues temporary SSH keys or passwords for an instance (IAM classes it as a Write action)',
  'glue:GetConnection':
    'returns the connection properties including the stored password unless the caller asks to hide it, which IAM ' +
    'cannot enforce',
  'glue:GetConnections': 'same as glue:GetConnection, for every connection of the catalog',
  'appsync:GetGraphqlApiEnvironmentVariables': 'returns environment variable values, where applications keep secrets',
  'ssm:GetParameter':
    'returns parameter values, decrypting SecureString parameters encrypted with the account key aws/ssm, which ' +
    'allows any principal of the account that may use Parameter Store',
  'ssm:GetParameters': 'same as ssm:GetParameter, for several parameters at once',
};

/**
 * CrowdStrike actions that look like data reads by their names and were checked and kept: they return metadata
 * only. Earlier versions (v1.0.0 to v1.2.0) left them out; v1.3.0 grants them on purpose.
 */
export const IOM_KEPT_AFTER_REVIEW: Readonly<Record<string, string>> = {
  'lightsail:GetBucketAccessKeys':
    'returns access key IDs, status and last use only; the secret key is returned once, by CreateBucketAccessKey ' +
    '(https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/API_GetBucketAccessKeys.html)',
  'bedrock:GetKnowledgeBaseDocuments':
    'returns ingestion status, identifiers and timestamps of documents, not their contents (bedrock-agent ' +
    'KnowledgeBaseDocumentDetail)',
  'bedrock:ListKnowledgeBaseDocuments': 'same details as bedrock:GetKnowledgeBaseDocuments, for a whole data source',
  'account:GetContactInformation':
    'returns the account\'s primary contact (name, address, phone): account metadata that Falcon checks is set, no ' +
    'workload data',
};

/** The actions v1.3.0 grants on `*`: CrowdStrike's list minus the exclusions, in CrowdStrike's order. */
export const IOM_READ_ACTIONS: readonly string[] = CROWDSTRIKE_IOM_READ_ACTIONS.filter(
  (action) => !(action in IOM_EXCLUDED_DATA_READS),
);

/** API Gateway reads, as CrowdStrike grants them (REST APIs; the resource paths are partition-independent). */
export const IOM_APIGATEWAY_READ = CROWDSTRIKE_IOM_APIGATEWAY;
