#!/usr/bin/env bash
# Gives the installer role (this build's own identity) cluster-admin on this one cluster through an EKS access
# entry, created by the member execution role, which may do exactly that and nothing else. Then writes a
# kubeconfig whose token is minted with the build's own credentials, so kubectl acts as the installer role.
source "$(dirname "$0")/common.sh"
require CLUSTER_NAME CLUSTER_REGION CLUSTER_ACCOUNT_ID PARTITION EXECUTION_ROLE_NAME INSTALLER_ROLE_ARN ACCESS_POLICY_ARN KUBECONFIG

log "cluster ${CLUSTER_NAME} in ${CLUSTER_ACCOUNT_ID} / ${CLUSTER_REGION} (${NODE_TYPE:-nodegroup})"

if ! member_aws eks describe-access-entry --cluster-name "${CLUSTER_NAME}" --principal-arn "${INSTALLER_ROLE_ARN}" >/dev/null 2>&1; then
  member_aws eks create-access-entry --cluster-name "${CLUSTER_NAME}" \
    --principal-arn "${INSTALLER_ROLE_ARN}" --type STANDARD --username falcon-eks-installer >/dev/null
fi
member_aws eks associate-access-policy --cluster-name "${CLUSTER_NAME}" \
  --principal-arn "${INSTALLER_ROLE_ARN}" --policy-arn "${ACCESS_POLICY_ARN}" --access-scope type=cluster >/dev/null

mkdir -p "$(dirname "${KUBECONFIG}")"
member_aws eks update-kubeconfig --name "${CLUSTER_NAME}" --kubeconfig "${KUBECONFIG}" >/dev/null

# Access entries take effect within seconds; wait for them rather than fail the first kubectl call.
for attempt in $(seq 1 30); do
  if kubectl auth can-i create customresourcedefinitions >/dev/null 2>&1; then
    log "access entry active"
    exit 0
  fi
  sleep 5
done
fail "the installer's access entry did not take effect on ${CLUSTER_NAME} (tried ${attempt} times)"
