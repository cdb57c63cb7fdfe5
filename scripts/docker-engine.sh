#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine, so testcontainers can run.
#
# Idempotent: does nothing when `docker info` already answers. Otherwise installs Debian's
# `docker.io` (only when `dockerd` is missing), starts `dockerd` in the background and waits,
# bounded, until the engine answers. No image is pulled: the project builds its images locally.
#
# Env:
#   DOCKER_ENGINE_TIMEOUT  seconds to wait for the engine to answer (default 60)
#   DOCKERD_LOG            where dockerd writes its log (default /var/log/contract-kit-dockerd.log)
#   DOCKERD_ARGS           extra arguments for dockerd (e.g. "--storage-driver=vfs")
set -euo pipefail

timeout_s="${DOCKER_ENGINE_TIMEOUT:-60}"
log_file="${DOCKERD_LOG:-/var/log/contract-kit-dockerd.log}"

say() { printf 'docker-engine: %s\n' "$*" >&2; }

engine_answers() { docker info >/dev/null 2>&1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else say "need root to run: $*"; return 1
  fi
}

if engine_answers; then
  say "engine already answers ($(docker info --format '{{.ServerVersion}}' 2>/dev/null))"
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  say "dockerd missing: installing Debian's docker.io"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi

if ! command -v docker >/dev/null 2>&1; then
  say "no docker client on PATH after installing docker.io"
  exit 1
fi

if pgrep -x dockerd >/dev/null 2>&1; then
  say "dockerd already running but not answering yet; waiting for it"
else
  say "starting dockerd in the background (log: $log_file)"
  # shellcheck disable=SC2086 # DOCKERD_ARGS is a list of flags on purpose
  as_root bash -c "nohup dockerd ${DOCKERD_ARGS:-} >>'$log_file' 2>&1 &"
fi

deadline=$(( $(date +%s) + timeout_s ))
until engine_answers; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    say "engine did not answer within ${timeout_s}s; last dockerd log lines:"
    tail -n 30 "$log_file" >&2 2>/dev/null || true
    exit 1
  fi
  sleep 1
done
say "engine answers ($(docker info --format '{{.ServerVersion}} storage={{.Driver}}' 2>/dev/null))"
