/** The database: MariaDB with the binary log on (row format) and per-run passwords. */
import type Docker from 'dockerode';
import { exec } from '../docker.ts';

export interface DbCredentials {
  rootPassword: string;
  database: string;
  user: string;
  password: string;
}

export const dbEnv = (c: DbCredentials) => [`MARIADB_ROOT_PASSWORD=${c.rootPassword}`, `MARIADB_DATABASE=${c.database}`, `MARIADB_USER=${c.user}`, `MARIADB_PASSWORD=${c.password}`];

/**
 * Runs SQL as root over TCP inside the database container (so TCP login is what is tested). The
 * client talks UTF-8: with the client's default, non-ASCII titles came back as invalid bytes.
 */
export function sql(db: Docker.Container, c: DbCredentials, statement: string) {
  return exec(db, ['mariadb', '-uroot', '-h127.0.0.1', '--default-character-set=utf8mb4', '--batch', '--skip-column-names', '-e', statement], { env: [`MYSQL_PWD=${c.rootPassword}`] });
}

export const dbAnswers = (db: Docker.Container, c: DbCredentials) => async () => (await sql(db, c, 'SELECT 1')).exitCode === 0;
