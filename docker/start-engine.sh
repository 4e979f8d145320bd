#!/usr/bin/env bash
# Starts Debian's dockerd if no engine answers. Nothing keeps dockerd alive between sessions, and a
# killed one leaves pid files behind that make the next start refuse ("pid file found"): clear them.
# A pid file is stale unless its pid is a live dockerd/containerd (after a reboot the pid may be reused).
set -euo pipefail

if docker info >/dev/null 2>&1; then exit 0; fi

for pidfile in /var/run/docker.pid /var/run/docker/containerd/containerd.pid; do
  if [ -f "$pidfile" ] && ! grep -qE '^(dockerd|containerd)$' "/proc/$(cat "$pidfile")/comm" 2>/dev/null; then
    echo "engine: removing stale $pidfile"
    rm -f "$pidfile"
  fi
done

log=/var/log/bench-dockerd.log
echo "engine: starting dockerd (log: $log)"
nohup dockerd >"$log" 2>&1 &

for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then echo "engine: up"; exit 0; fi
  sleep 1
done
echo "engine: dockerd did not answer within 60 s; last lines of $log:" >&2
tail -n 20 "$log" >&2
exit 3
