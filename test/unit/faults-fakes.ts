// In-memory fakes of the fault capabilities (faults/capabilities.ts): a frontend with a file map
// and a log of what was done to it, a database that records its SQL. A test makes one of them
// fail at a chosen action to see what the fault undoes.
import { gone, type CommandResult, type Database, type Frontend } from '../../faults/capabilities.ts';
import type { FaultTarget } from '../../faults/fault.ts';
import { seededRandom } from '../../analysis/statistics/random.ts';

/** The files faults change on a frontend, as the testbed's images have them (shortened). */
export const frontendFiles: Readonly<Record<string, string>> = {
  '/etc/mediawiki/LocalSettings.php': '<?php\n$wgDBtype = "mysql";\n$wgDBserver = "db";\n$wgDBname = "wiki";\n$wgDBuser = "wiki";\n$wgDBpassword = "new-secret";\n$wgMainCacheType = CACHE_ACCEL;\n',
  '/etc/apache2/ports.conf': 'Listen 80\n\n<IfModule ssl_module>\n\tListen 443\n</IfModule>\n',
  '/etc/apache2/mods-available/mpm_prefork.conf':
    '<IfModule mpm_prefork_module>\n\tStartServers\t\t\t 5\n\tMinSpareServers\t\t  5\n\tMaxSpareServers\t\t 10\n\tMaxRequestWorkers\t  150\n</IfModule>\n',
  '/etc/php/8.2/apache2/php.ini': '[PHP]\nmemory_limit = 128M\ndisplay_errors = Off\n',
  '/usr/local/bin/bench-mediawiki': '#!/bin/sh\nset -e\n. /etc/apache2/envvars\nexec /usr/sbin/apache2 -DFOREGROUND "$@"\n',
  '/etc/resolv.conf': 'nameserver 127.0.0.11\noptions ndots:0\n',
};

export const serverCnf = '/etc/mysql/mariadb.conf.d/50-server.cnf';

export interface FakeOptions {
  files?: Record<string, string>;
  /** Makes an action fail: it gets the action as logged ("run phpdismod -s apache2 mysqli", "write /etc/x", "restart"). */
  fail?: (action: string) => boolean;
}

export interface FakeFrontend extends Frontend {
  files: Map<string, string>;
  /** Every action, in order: "read /path", "write /path", "run cmd args", "reload", "restart", "wait", "php". */
  log: string[];
  running: boolean;
  /** Removed by the procedure: every call says it is gone. */
  gone: boolean;
}

export function fakeFrontend(
  name: string,
  o: FakeOptions & {
    /** Answers a command; a command it does not answer succeeds with no output. */
    answer?: (command: string[]) => Partial<CommandResult> | undefined;
    /** Whether the frontend keeps running after a (re)start, given its files (a broken config stops Apache). */
    starts?: (files: Map<string, string>) => boolean;
    /** Whether a running frontend answers (a squatter on its port does not). */
    serves?: (files: Map<string, string>) => boolean;
  } = {},
): FakeFrontend {
  const f: FakeFrontend = {
    name,
    files: new Map(Object.entries(o.files ?? frontendFiles)),
    log: [],
    running: true,
    gone: false,
    async readFile(path) {
      act(f, o, `read ${path}`);
      const text = f.files.get(path);
      if (text === undefined) throw new Error(`${name}: no file ${path}`);
      return text;
    },
    async writeFile(path, content) {
      act(f, o, `write ${path}`);
      f.files.set(path, content);
    },
    async run(command) {
      if (!f.running) throw new Error(`${name} is not running`);
      act(f, o, `run ${command.join(' ')}`);
      return { exitCode: 0, stdout: '', stderr: '', ...(o.answer?.(command) ?? glob(f.files, command)) };
    },
    async reload() {
      act(f, o, 'reload');
      return { ok: true, detail: '' };
    },
    async restart() {
      act(f, o, 'restart');
      f.running = o.starts?.(f.files) ?? true;
    },
    async isRunning() {
      if (f.gone) throw gone(name);
      return f.running;
    },
    async waitUntilServing() {
      act(f, o, 'wait');
      if (!f.running) return { ok: false, detail: 'the container exited: AH00526: Syntax error' };
      return (o.serves?.(f.files) ?? true) ? { ok: true, detail: 'answers' } : { ok: false, detail: 'no answer within 4 s' };
    },
    async waitForPhpRevalidation() {
      act(f, o, 'php');
    },
  };
  return f;
}

export interface FakeDatabase extends Database {
  files: Map<string, string>;
  /** Every statement sent, in order. */
  statements: string[];
  log: string[];
  running: boolean;
}

export function fakeDatabase(
  o: FakeOptions & {
    /** The rows a statement returns (tab-separated lines); '' when it does not answer. */
    answer?: (statement: string) => string | undefined;
    /** Whether mariadbd keeps running after a (re)start, given its files. */
    starts?: (files: Map<string, string>) => boolean;
  } = {},
): FakeDatabase {
  const db: FakeDatabase = {
    name: 'db',
    wiki: { database: 'wiki', user: 'wiki' },
    files: new Map(Object.entries(o.files ?? { [serverCnf]: '[mysqld]\ncharacter-set-server  = utf8mb4\ncollation-server      = utf8mb4_general_ci\n' })),
    statements: [],
    log: [],
    running: true,
    async sql(statement) {
      act(db, o, `sql ${statement}`);
      db.statements.push(statement);
      return o.answer?.(statement) ?? '';
    },
    async readFile(path) {
      act(db, o, `read ${path}`);
      const text = db.files.get(path);
      if (text === undefined) throw new Error(`db: no file ${path}`);
      return text;
    },
    async writeFile(path, content) {
      act(db, o, `write ${path}`);
      db.files.set(path, content);
    },
    async restart() {
      act(db, o, 'restart');
      db.running = o.starts?.(db.files) ?? true;
    },
    async isRunning() {
      return db.running;
    },
    async waitUntilReady() {
      act(db, o, 'wait');
      return db.running ? { ok: true, detail: 'answers' } : { ok: false, detail: 'mariadbd exited: unknown collation' };
    },
  };
  return db;
}

/** `sh -c "ls -d <glob>"` lists the files that match, as the shell would. */
function glob(files: Map<string, string>, command: string[]): Partial<CommandResult> | undefined {
  const pattern = command[0] === 'sh' && /^ls -d (\S+)$/.exec(command[2] ?? '')?.[1];
  if (!pattern) return undefined;
  const matches = new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`);
  const found = [...files.keys()].filter((path) => matches.test(path));
  return found.length > 0 ? { stdout: found.map((path) => `${path}\n`).join('') } : { exitCode: 2, stderr: `ls: cannot access '${pattern}'` };
}

function act(target: { log: string[]; gone?: boolean; name: string }, o: FakeOptions, action: string): void {
  if (target.gone) throw gone(target.name);
  if (o.fail?.(action)) throw new Error(`${target.name}: ${action} failed`);
  target.log.push(action);
}

/** The target the engine would hand over: rolling after:replace:web-1 unless told otherwise. */
export function fakeTarget(o: Partial<FaultTarget> = {}): FaultTarget {
  return { strategy: 'rolling', at: 'after:replace:web-1', frontends: [fakeFrontend('web-1')], database: fakeDatabase(), random: seededRandom(42), ...o };
}

/** The error a promise rejects with; a test fails if it resolves. */
export const rejection = (promise: Promise<unknown>): Promise<Error> =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error,
  );
