/**
 * The ingress: HAProxy in front of the frontends. Its runtime API is a local socket inside the
 * container, reached with `docker exec ... socat`, so no admin port is published.
 */
import type Docker from 'dockerode';
import { execOk } from '../docker.ts';

export const runtimeSocket = '/run/haproxy/admin.sock';

/** The switch-over map: which backend serves (`active`), and until when new writes are held. */
export const universeMap = '/etc/haproxy/universe.map';
export const testPort = 81;
/** The stick table whose `conn_cur` is the number of writes in flight behind the ingress. */
export const writesTable = 'writes';

/**
 * Imago's ingress interceptor: while the map's `hold` is a future time (epoch ms), new writes
 * wait here, then go on to whichever backend is `active` by then. Only writes: quiescence has to
 * stop changes to U_old's state, and reads of a state that no longer changes are served by U_old
 * meanwhile, so users who only read never wait. When nothing is held it costs one map lookup per
 * write (reads do not run it).
 */
export const holdLua = `local universe = Map.new("${universeMap}", Map._str)
local function now_ms() local t = core.now(); return t.sec * 1000 + math.floor(t.usec / 1000) end
core.register_action("bench_hold", { "http-req" }, function(txn)
  local deadline = tonumber(universe:lookup("hold") or "0") or 0
  while deadline > now_ms() do
    core.msleep(2)
    deadline = tonumber(universe:lookup("hold") or "0") or 0
  end
end)
`;

/**
 * The configuration: the users' frontend on :80 routes to the active universe's backend; :81
 * (the test port) always reaches the new universe, for Imago's compare engine.
 */
export function haproxyConfig(servers: string[]): string {
  // maxconn per server: past 16 requests in flight a frontend's requests queue here instead of
  // piling up Apache workers until two cores thrash.
  const backend = (name: string, prefix: string, state = '') => `backend ${name}
  balance roundrobin
  option httpchk GET /mediawiki/api.php?action=query&meta=siteinfo&format=json
${servers.map((s) => `  server ${prefix}${s} ${prefix}${s}:80 maxconn 16 check inter 1s fall 3 rise 1 resolvers docker init-addr last,libc,none${state}`).join('\n')}
`;
  return `global
  log stdout format raw local0
  stats socket ${runtimeSocket} mode 600 level admin
  stats timeout 30s
  maxconn 4096
  lua-load /etc/haproxy/hold.lua

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
  # A slow answer on a busy machine is not a dead frontend.
  timeout check 5s

# Docker's embedded DNS, so a replaced frontend (same name, new address) is found again.
resolvers docker
  nameserver dns 127.0.0.11:53
  hold valid 1s
  hold obsolete 1s

frontend www
  bind :80
  acl write method POST PUT DELETE PATCH
  http-request lua.bench_hold if write
  # Writes in flight (past the hold) are counted in ${writesTable}: quiescence waits for none.
  http-request track-sc1 str(writes) table ${writesTable} if write
  # Answered by HAProxy itself after the interceptor: what the interceptor costs (bench:imago).
  http-request return status 200 content-type text/plain string ok if { path /bench-ping }
  use_backend %[str(active),map(${universeMap},web)]

frontend test
  bind :${testPort}
  # The same answer without the interceptor in the path.
  http-request return status 200 content-type text/plain string ok if { path /bench-ping }
  default_backend web-new

backend ${writesTable}
  stick-table type string len 8 size 1 store conn_cur

${backend('web', '')}
${backend('web-new', 'new-', ' disabled')}`;
}

export const universeMapFile = 'active web\nhold 0\n';

/** Writes in flight behind the ingress (past Imago's hold), from the stick table's `conn_cur`. */
export async function writesInFlight(ingress: Docker.Container): Promise<number> {
  const table = await runtimeCommand(ingress, `show table ${writesTable}`);
  return Number(/conn_cur=(\d+)/.exec(table)?.[1] ?? 0);
}

/** Sends one command to HAProxy's runtime API and returns its answer. */
export async function runtimeCommand(ingress: Docker.Container, command: string): Promise<string> {
  return execOk(ingress, ['sh', '-c', `echo "$1" | socat stdio ${runtimeSocket}`, 'sh', command]);
}
