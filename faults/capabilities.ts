/**
 * What fault kinds need from the system they break, as small interfaces of their own: the
 * harness implements them for the testbed and for Imago's new universe
 * (harness/fault-capabilities.ts), the unit tests with in-memory fakes.
 */

/** Whether something worked, and what happened, in a few words for the journal. */
export interface Attempt {
  ok: boolean;
  detail: string;
}

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Files of a container, as root; they can be written while it is stopped. */
export interface Files {
  readFile(path: string): Promise<string>;
  writeFile(path: string, content: string, mode?: number): Promise<void>;
}

/** A MediaWiki frontend: Apache with mod_php, Apache its container's main process. */
export interface Frontend extends Files {
  /** web-1, new-web-2: for the journal. */
  name: string;
  /** Runs a command in it as root (it must be running). */
  run(command: string[]): Promise<CommandResult>;
  /** apache2ctl graceful: re-reads the config and php.ini, keeps connections; refused while the config is broken. */
  reload(): Promise<Attempt>;
  /** Restarts it, or starts it when it has stopped. */
  restart(): Promise<void>;
  isRunning(): Promise<boolean>;
  /** Polls until it answers api.php itself (not through the ingress), or says why not (it exited, no answer in time). */
  waitUntilServing(timeoutMs: number): Promise<Attempt>;
  /** Waits until PHP runs changed PHP files (LocalSettings.php) as they are now, not from its cache. */
  waitForPhpRevalidation(): Promise<void>;
}

/** The MariaDB server of the universe being upgraded. */
export interface Database extends Files {
  /** db, db-new: for the journal. */
  name: string;
  /** The wiki's database and the account its frontends log in with. */
  wiki: { database: string; user: string };
  /** Runs SQL as root: its rows (tab-separated, no header), or an error with MariaDB's message. */
  sql(statement: string): Promise<string>;
  /** Restarts it, or starts it when it has stopped. */
  restart(): Promise<void>;
  isRunning(): Promise<boolean>;
  /** Polls until it answers SQL, or says why not (mariadbd exited, no answer in time). */
  waitUntilReady(timeoutMs: number): Promise<Attempt>;
}

/**
 * The error a capability throws when its target no longer exists (a frontend the procedure
 * replaced): nothing is left there to undo.
 */
export const gone = (what: string): Error => Object.assign(new Error(`${what} is gone`), { gone: true });

export const isGone = (error: unknown): boolean => (error as { gone?: unknown } | undefined)?.gone === true;
