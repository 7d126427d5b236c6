#!/bin/sh
# Patroni's post_bootstrap for baro (deploy/patroni/baro.yml): run once, as user postgres, on the node
# that creates the cluster, with the superuser's connection string as $1. Creates the role baro
# (its password from BARO_DB_PASSWORD, set in /etc/patroni/env.conf: not PATRONI_*, which Patroni
# takes out of the environment of the scripts it runs) and its database; the
# standby gets both by replication. `baro migrate` does the rest.
set -eu
: "${BARO_DB_PASSWORD:?BARO_DB_PASSWORD: the password baro connects with}"
psql -X -q -v ON_ERROR_STOP=1 -v pw="$BARO_DB_PASSWORD" -d "$1" <<'SQL'
create role baro with login password :'pw';
create database baro owner baro encoding 'UTF8' template template0;
SQL
