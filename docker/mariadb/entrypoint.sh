#!/bin/sh
# Initialises the datadir on first start, then runs mariadbd in the foreground with the binary
# log on (row format), so that changes can be followed. Accounts come from the environment:
# MARIADB_ROOT_PASSWORD, MARIADB_DATABASE, MARIADB_USER, MARIADB_PASSWORD.
set -eu
datadir=/var/lib/mysql
if [ ! -d "$datadir/mysql" ]; then
  mariadb-install-db --user=mysql --datadir="$datadir" --skip-test-db --auth-root-authentication-method=normal >/dev/null
fi
chown -R mysql:mysql "$datadir" /run/mysqld

# Idempotent, so it can run at every start, and it sets every password from the environment: a
# datadir copied from a cached seed (harness/testbed/seed.ts) holds the accounts of the build, and
# each run has passwords of its own. The initialisation leaves password-less accounts that block
# root login over TCP: drop every account but the ones declared here.
init=/run/mysqld/init.sql
cat > "$init" <<SQL
DELETE FROM mysql.global_priv WHERE User NOT IN ('root', 'mariadb.sys', '${MARIADB_USER}') OR (User = 'root' AND Host NOT IN ('localhost', '%'));
FLUSH PRIVILEGES;
CREATE USER IF NOT EXISTS 'root'@'localhost';
ALTER USER 'root'@'localhost' IDENTIFIED BY '${MARIADB_ROOT_PASSWORD}';
CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '${MARIADB_ROOT_PASSWORD}';
ALTER USER 'root'@'%' IDENTIFIED BY '${MARIADB_ROOT_PASSWORD}';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
CREATE DATABASE IF NOT EXISTS \`${MARIADB_DATABASE}\` DEFAULT CHARACTER SET binary;
CREATE USER IF NOT EXISTS '${MARIADB_USER}'@'%' IDENTIFIED BY '${MARIADB_PASSWORD}';
ALTER USER '${MARIADB_USER}'@'%' IDENTIFIED BY '${MARIADB_PASSWORD}';
GRANT ALL PRIVILEGES ON \`${MARIADB_DATABASE}\`.* TO '${MARIADB_USER}'@'%';
FLUSH PRIVILEGES;
SQL
chown mysql "$init"; chmod 600 "$init"

exec mariadbd --user=mysql --datadir="$datadir" --bind-address=0.0.0.0 --port=3306 \
  --server-id=1 --log-bin=mysql-bin --binlog-format=ROW --skip-name-resolve \
  --init-file="$init" "$@"
