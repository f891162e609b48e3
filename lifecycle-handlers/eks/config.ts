/** The hub handlers' settings, set by stacks/eks-hub-stack.ts as environment variables (nothing secret). */
export const EKS_ENV = {
  partition: 'FALCON_PARTITION',
  executionRoleName: 'EKS_EXECUTION_ROLE_NAME',
  installerProject: 'EKS_INSTALLER_PROJECT',
  installerVpcProject: 'EKS_INSTALLER_VPC_PROJECT',
  queueUrl: 'EKS_QUEUE_URL',
  retryDelaySeconds: 'EKS_RETRY_DELAY_SECONDS',
  maxLooks: 'EKS_MAX_LOOKS',
  clusterConcurrency: 'EKS_CLUSTER_CONCURRENCY',
} as const;

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

export function positiveIntEnv(name: string): number {
  const value = Number(requiredEnv(name));
  if (!Number.isInteger(value) || value < 1) throw new Error(`environment variable ${name} must be a positive integer`);
  return value;
}
