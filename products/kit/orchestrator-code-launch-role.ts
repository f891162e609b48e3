/**
 * The first launch-role version that may read the 1Click orchestrator code from CrowdStrike's current regional
 * buckets (products/sensor-management/orchestrator-code.ts); sensor-management v1.3.0 needs it. Here, CDK-free, so
 * both the launch-role and the sensor-management definitions can name it.
 */
export const ORCHESTRATOR_CODE_LAUNCH_ROLE_VERSION = 'v1.5.0';
