#!/usr/bin/env bash
# Installs the system packages the project needs (Debian) and starts the local services its tests use:
# PostgreSQL + PostGIS, GDAL, Chromium (browser tests), Redis, Mosquitto, docker-compose (config check only).
set -euo pipefail

need=()
dpkg -s postgresql-15-postgis-3 >/dev/null 2>&1 || need+=(postgresql-15-postgis-3)
command -v ogr2ogr >/dev/null 2>&1 || need+=(gdal-bin)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v mosquitto >/dev/null 2>&1 || need+=(mosquitto)
if [ ${#need[@]} -gt 0 ]; then
  echo "== instalando pacotes Debian: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! pg_isready -h localhost -p 5432 -q; then
  echo "== iniciando PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 1 30); do pg_isready -h localhost -p 5432 -q && break; sleep 1; done
fi
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  echo "== iniciando Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
if ! (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null; then
  echo "== iniciando Mosquitto"
  mosquitto -d -c /etc/mosquitto/mosquitto.conf
fi
echo "== serviços: PostgreSQL $(pg_isready -h localhost -p 5432 >/dev/null && echo ok), Redis $(redis-cli -h 127.0.0.1 ping), PostGIS $(dpkg -s postgresql-15-postgis-3 | grep -m1 Version | cut -d' ' -f2), GDAL $(gdal-config --version 2>/dev/null || ogrinfo --version)"
