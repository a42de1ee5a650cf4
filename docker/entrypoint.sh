#!/bin/sh
# Container entrypoint: bring the schema up to date, then serve with gunicorn on ${PORT:-8000}
# with ${WORKERS:-2} workers. Given a command instead (e.g. `python manage.py load_demo`), run
# that after migrating. Worker heartbeats go to /dev/shm (tmpfs, not the overlay disk); the
# control socket goes to /tmp because the non-root user's home (/app) is not writable.
set -eu

python manage.py migrate --no-input

if [ "$#" -gt 0 ]; then
    exec "$@"
fi
exec gunicorn geo_platform.wsgi \
    --bind "0.0.0.0:${PORT:-8000}" \
    --workers "${WORKERS:-2}" \
    --access-logfile - \
    --worker-tmp-dir /dev/shm \
    --control-socket /tmp/gunicorn.ctl
