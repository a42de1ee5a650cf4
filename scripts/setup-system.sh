#!/usr/bin/env bash
# Install the Debian packages the platform needs, or print the command when not root.
# PostgreSQL's PostGIS package follows the installed server's major version.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

# The running cluster's major version, else the one Debian/Ubuntu's `postgresql` package would bring.
pg_major() {
    if command -v pg_lsclusters >/dev/null; then
        pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $1}'
    fi
}

pg_major_of_distribution() {
    apt-cache depends postgresql 2>/dev/null | grep -o 'postgresql-[0-9]\+' | head -1 | cut -d- -f2
}

major="$(pg_major)"
major="${major:-$(pg_major_of_distribution)}"
major="${major:-15}"
packages=$(grep -v '^#' "$here/system-packages.txt" | sed "s/postgresql-15-postgis-3/postgresql-${major}-postgis-3/")

missing=()
for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "system packages: all present"
elif [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages. Install them as root, then run make again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
else
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Analyses run on Celery workers with Redis as the broker. A machine whose init system did not
# start it (a container, a fresh CI runner) gets a local one, bound to the loopback only.
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "starting redis-server on 127.0.0.1:6379"
    service redis-server start >/dev/null 2>&1 \
        || redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" --appendonly no >/dev/null
    for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
