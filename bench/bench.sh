#!/usr/bin/env bash
# make bench: the production settings (TLS parts off, see bench/settings.py) on PostgreSQL + Redis.
# Needs a database filled by `manage.py generate_scale_data` (docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=bench.settings
export DATABASE_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lg_bench}"
export REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/8}"
# The broker shares the cache's Redis database: only the analytics step clears it (FLUSHDB), before
# any task is sent.
export CELERY_BROKER_URL="${BENCH_BROKER_URL:-redis://127.0.0.1:6379/8}"
export SECRET_KEY="${SECRET_KEY:-bench-only-$(date +%s)-not-a-real-secret}"
export ALLOWED_HOSTS="127.0.0.1,localhost,testserver"
export STATIC_ROOT="${STATIC_ROOT:-$PWD/var/bench/static}"
export CELERY_TASK_ALWAYS_EAGER=0
# Tier and order e-mails are built as usual but not delivered (no SMTP server on the bench box).
export EMAIL_URL="${BENCH_EMAIL_URL:-dummymail://}"
exec .venv/bin/python -m bench.run "$@"
