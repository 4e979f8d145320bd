/**
 * The ingress: HAProxy in front of the frontends. Its runtime API is a local socket inside the
 * container, reached with `docker exec ... socat`, so no admin port is published.
 */
import type Docker from 'dockerode';
import { execOk } from '../docker.ts';

export const runtimeSocket = '/run/haproxy/admin.sock';

/** The configuration for a backend of `servers` (network names of the frontends). */
export function haproxyConfig(servers: string[]): string {
  return `global
  log stdout format raw local0
  stats socket ${runtimeSocket} mode 600 level admin
  stats timeout 30s
  maxconn 4096

defaults
  mode http
  log global
  option httplog
  # A stopped or refused backend is retried elsewhere: draining must not fail requests.
  option redispatch
  retries 3
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout queue 30s

# Docker's embedded DNS, so a replaced frontend (same name, new address) is found again.
resolvers docker
  nameserver dns 127.0.0.11:53
  hold valid 1s
  hold obsolete 1s

frontend www
  bind :80
  default_backend web

backend web
  balance roundrobin
  option httpchk GET /mediawiki/api.php?action=query&meta=siteinfo&format=json
${servers.map((s) => `  server ${s} ${s}:80 check inter 1s fall 2 rise 1 resolvers docker init-addr last,libc,none`).join('\n')}
`;
}

/** Sends one command to HAProxy's runtime API and returns its answer. */
export async function runtimeCommand(ingress: Docker.Container, command: string): Promise<string> {
  return execOk(ingress, ['sh', '-c', `echo "$1" | socat stdio ${runtimeSocket}`, 'sh', command]);
}
