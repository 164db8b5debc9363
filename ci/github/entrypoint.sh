#!/usr/bin/env bash
# The GitHub Action's entrypoint (action.yml runs it). It turns the action's inputs, which action.yml hands over as
# INPUT_* environment variables (never pasted into script text, so an input cannot inject shell), into the flags of
# `assay run`, and runs the Assay that this action's commit contains.
#
# Secrets never go on the command line (where `ps` would show them): the API key is passed as ASSAY_API_KEY, the
# tier-2 key as the provider's own variable, and the signing key (PEM contents) is written to a 0600 file under
# $RUNNER_TEMP that is removed when the run ends.
set -euo pipefail

die() {
  # a usage/configuration problem: an annotation for the job page, one line on stderr, exit 2 like `assay run`.
  # The message quotes input values, and the runner reads every output line starting with `::` as a command: the
  # annotation escapes %, CR and LF like @actions/core, and the stderr line has them as spaces.
  local data="${1//%/%25}"
  data="${data//$'\r'/%0D}"
  data="${data//$'\n'/%0A}"
  printf '::error title=assay::%s\n' "$data"
  printf 'assay action: %s\n' "$(printf '%s' "$1" | tr '\r\n' '  ')" >&2
  exit 2
}

bool() { # bool NAME VALUE → 0 for true, 1 for false, dies otherwise
  case "$2" in
    true | True | TRUE) return 0 ;;
    false | False | FALSE | '') return 1 ;;
    *) die "input $1 must be true or false, got \"$2\"" ;;
  esac
}

: "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set: this script runs inside the Assay GitHub Action}"
: "${RUNNER_TEMP:?RUNNER_TEMP is not set: this script runs inside the Assay GitHub Action}"

args=(run)

model_id="${INPUT_MODEL_ID:-}"
if bool all "${INPUT_ALL:-}"; then
  [ -z "$model_id" ] || die 'set either model-id or all: true, not both'
  args+=(--all)
elif [ -n "$model_id" ]; then
  case "$model_id" in -*) die "model-id must not start with '-': \"$model_id\"" ;; esac
  args+=("$model_id")
else
  die 'set model-id (the threat model to verify) or all: true'
fi

# Plain values: given → flag. `assay run` validates them and exits 2 with one clear line when one is wrong.
add() { # add FLAG VALUE
  [ -z "$2" ] || args+=("$1" "$2")
}
add --url "${INPUT_URL:-}"
add --project-root "${INPUT_PROJECT_ROOT:-}"
add --repo "${INPUT_REPO:-}"
add --workspace "${INPUT_WORKSPACE:-}"
add --tier2-provider "${INPUT_TIER2_PROVIDER:-}"
add --tier2-model "${INPUT_TIER2_MODEL:-}"
add --ollama-url "${INPUT_OLLAMA_URL:-}"
add --concurrency "${INPUT_CONCURRENCY:-}"
add --oidc-token-env "${INPUT_OIDC_TOKEN_ENV:-}"

output="${INPUT_OUTPUT:-github}"
case "$output" in
  text | json | github | sarif) args+=(--output "$output") ;;
  *) die "input output must be text, json, github or sarif, got \"$output\"" ;;
esac

if bool require-attestation "${INPUT_REQUIRE_ATTESTATION:-}"; then args+=(--require-attestation); fi
if bool dry-run "${INPUT_DRY_RUN:-}"; then args+=(--dry-run); fi
if bool no-exec "${INPUT_NO_EXEC:-}"; then args+=(--no-exec); fi

# ---- secrets: environment, not argv
if [ -n "${INPUT_API_KEY:-}" ]; then
  printf '::add-mask::%s\n' "$INPUT_API_KEY"
  export ASSAY_API_KEY="$INPUT_API_KEY"
fi
if [ -n "${INPUT_TIER2_API_KEY:-}" ]; then
  printf '::add-mask::%s\n' "$INPUT_TIER2_API_KEY"
  case "${INPUT_TIER2_PROVIDER:-}" in
    openai) export OPENAI_API_KEY="$INPUT_TIER2_API_KEY" ;;
    anthropic) export ANTHROPIC_API_KEY="$INPUT_TIER2_API_KEY" ;;
    *) die 'tier2-api-key is set but tier2-provider is not openai or anthropic' ;;
  esac
fi

case "${INPUT_SIGNING_KEY:-}" in
  '' | *'-----BEGIN '*'PRIVATE KEY-----'*) ;;
  *) die 'signing-key must be the PEM contents of the ECDSA P-256 private key (from a secret), not a path' ;;
esac

# one private directory for this run: the signing key (removed at exit) and the report (kept for later steps)
work_dir="$(mktemp -d "$RUNNER_TEMP/assay.XXXXXXXX")"
chmod 700 "$work_dir"
key_file=''
cleanup() {
  if [ -n "$key_file" ]; then rm -f -- "$key_file"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [ -n "${INPUT_SIGNING_KEY:-}" ]; then
  key_file="$work_dir/signing-key.pem"
  (umask 077 && printf '%s\n' "$INPUT_SIGNING_KEY" >"$key_file")
  chmod 600 "$key_file"
  args+=(--signing-key "$key_file")
fi
# the child needs none of the raw inputs that hold secrets
unset INPUT_API_KEY INPUT_TIER2_API_KEY INPUT_SIGNING_KEY

if [ -z "${ACTIONS_ID_TOKEN_REQUEST_URL:-}" ] || [ -z "${ACTIONS_ID_TOKEN_REQUEST_TOKEN:-}" ]; then
  printf '::warning title=assay::%s\n' "no OIDC token available: give the job 'permissions: id-token: write' so the results are attested by GitHub"
fi

# Everything `assay run` prints on stdout (annotations, JSON, SARIF or text) is also kept in a file, given as the
# step's report-file output (e.g. for github/codeql-action/upload-sarif or an artifact).
case "$output" in json) ext=json ;; sarif) ext=sarif ;; *) ext=txt ;; esac
report_file="$work_dir/report.$ext"

set +e
node "$GITHUB_ACTION_PATH/bin/assay.js" "${args[@]}" | tee -- "$report_file"
code="${PIPESTATUS[0]}"
set -e

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    printf 'exit-code=%s\n' "$code"
    printf 'report-file=%s\n' "$report_file"
  } >>"$GITHUB_OUTPUT"
fi
exit "$code"
