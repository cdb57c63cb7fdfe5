#!/usr/bin/env bash
# CI fragment (called by .ci/run): container engine up, simulator image built, container suite run.
#
# Locally without an engine and CI != true, the suite itself skips with the reason; in CI
# (CI=true) a missing engine is a failure, so the engine step's failure fails the job.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export TESTCONTAINERS_RYUK_DISABLED="${TESTCONTAINERS_RYUK_DISABLED:-true}"

step() { printf '\n== ci-containers: %s\n' "$*"; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

started=$(date +%s)
step "container engine"
if ! scripts/docker-engine.sh; then
  if [ "${CI:-}" = "true" ]; then
    echo "ci-containers: no container engine and CI=true: failing" >&2
    exit 1
  fi
  echo "ci-containers: no container engine; test:containers will skip (set CI=true to fail instead)" >&2
fi

if docker info >/dev/null 2>&1; then
  step "simulator image"
  t=$(date +%s)
  scripts/build-sim-image.sh
  echo "ci-containers: image ready in $(elapsed "$t")"
fi

step "npm run test:containers"
t=$(date +%s)
npm run test:containers
echo "ci-containers: suite passed in $(elapsed "$t"), total $(elapsed "$started")"
