import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsSimulator, type SimulatorOptions } from '../../simulator/index';

export const REGION = 'us-east-1';
export const MANAGEMENT = '111111111111';
export const APP_PROD = '222222222222';
export const APP_DEV = '333333333333';
export const SHARED = '444444444444';
export const SUSPENDED = '123456789012';
export const WORKLOADS_OU = 'ou-exmp-11111111';
export const PROD_OU = 'ou-exmp-11112222';

/** A simulator over manifest/org-model.example.yaml. */
export function exampleSimulator(options: SimulatorOptions = {}): AwsSimulator {
  const yaml = readFileSync(join(__dirname, '..', '..', 'manifest', 'org-model.example.yaml'), 'utf8');
  return AwsSimulator.fromOrgModel(yaml, options);
}
