#!/usr/bin/env bash
# Shared by the installer scripts. Sourced, never run. Tracing stays off: several variables are secret.
set -euo pipefail
set +x
umask 077

export PATH="${TOOLS_DIR}:${PATH}"

log() { printf '[falcon-eks] %s\n' "$*"; }
fail() { printf '[falcon-eks] ERROR: %s\n' "$*" >&2; exit 1; }

require() {
  local name
  for name in "$@"; do
    [[ -n "${!name:-}" ]] || fail "variable ${name} is not set"
  done
}

# Downloads over HTTPS only and checks the SHA-256 before anything uses the file.
fetch_verified() {
  local url="$1" sha256="$2" out="$3"
  [[ "${sha256}" =~ ^[0-9a-f]{64}$ ]] || fail "no pinned SHA-256 for ${url}"
  curl --fail --silent --show-error --location --proto '=https' --tlsv1.2 --retry 3 --output "${out}" "${url}"
  echo "${sha256}  ${out}" | sha256sum --check --quiet - || fail "checksum mismatch for ${url}"
}

# Runs an AWS CLI command as the member account's EKS Protection execution role, in the cluster's Region.
# The temporary credentials live in this function's environment only, never in the build's.
member_aws() {
  local creds
  creds="$(aws sts assume-role \
    --role-arn "arn:${PARTITION}:iam::${CLUSTER_ACCOUNT_ID}:role/${EXECUTION_ROLE_NAME}" \
    --role-session-name falcon-eks-installer \
    --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)"
  local key secret token
  read -r key secret token <<<"${creds}"
  AWS_ACCESS_KEY_ID="${key}" AWS_SECRET_ACCESS_KEY="${secret}" AWS_SESSION_TOKEN="${token}" \
    aws --region "${CLUSTER_REGION}" "$@"
}
