#!/usr/bin/env bash
# On a Fargate-only cluster nothing schedules without a Fargate profile whose selector matches the pod's namespace,
# so the Falcon operator, the sidecar injector and the admission controller each get one, as CrowdStrike's EKS
# Fargate guide does (CrowdStrike/falcon-operator docs/deployment/eks-fargate/README.md): profile
# <FARGATE_PROFILE_PREFIX><namespace>, selecting that namespace, in the private subnets the cluster's own Fargate
# profiles already use, with the eks-protection product's pod execution role. Created through the member
# execution role, one at a time (EKS creates one profile per cluster at a time), each waited for; existing ones
# are left as they are. A node-group cluster needs none.
source "$(dirname "$0")/common.sh"
require NODE_TYPE CLUSTER_NAME CLUSTER_REGION CLUSTER_ACCOUNT_ID PARTITION EXECUTION_ROLE_NAME FARGATE_POD_ROLE_NAME \
  FARGATE_PROFILE_PREFIX FARGATE_NAMESPACES ENABLE_KAC

if [[ "${NODE_TYPE}" != "fargate" ]]; then
  log "node-group cluster: no Fargate profile needed"
  exit 0
fi

profiles="$(member_aws eks list-fargate-profiles --cluster-name "${CLUSTER_NAME}" --query 'fargateProfileNames' --output text)"
subnets=""
for profile in ${profiles}; do
  [[ "${profile}" == "${FARGATE_PROFILE_PREFIX}"* ]] && continue
  subnets="$(member_aws eks describe-fargate-profile --cluster-name "${CLUSTER_NAME}" --fargate-profile-name "${profile}" \
    --query 'fargateProfile.subnets' --output text)"
  [[ -n "${subnets}" ]] && break
done
[[ -n "${subnets}" ]] || fail "no Fargate profile of ${CLUSTER_NAME} names subnets to reuse for the Falcon profiles"

role_arn="arn:${PARTITION}:iam::${CLUSTER_ACCOUNT_ID}:role/${FARGATE_POD_ROLE_NAME}"
for namespace in ${FARGATE_NAMESPACES}; do
  [[ "${namespace}" == "falcon-kac" && "${ENABLE_KAC}" != "true" ]] && continue
  name="${FARGATE_PROFILE_PREFIX}${namespace}"
  if [[ " ${profiles} " == *" ${name} "* ]]; then
    log "Fargate profile ${name} exists"
    continue
  fi
  # shellcheck disable=SC2086 # the subnet IDs are separate arguments
  member_aws eks create-fargate-profile --cluster-name "${CLUSTER_NAME}" --fargate-profile-name "${name}" \
    --pod-execution-role-arn "${role_arn}" --subnets ${subnets} --selectors "namespace=${namespace}" >/dev/null
  member_aws eks wait fargate-profile-active --cluster-name "${CLUSTER_NAME}" --fargate-profile-name "${name}"
  log "Fargate profile ${name} active"
done
