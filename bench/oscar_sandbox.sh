#!/usr/bin/env bash
# Builds django-oscar 4.2's vanilla sandbox OUTSIDE this repository, for `make bench` to run it
# beside the shop (`--oscar DIR`, docs/performance.md "Oscar's sandbox side by side").
#
#   bash bench/oscar_sandbox.sh GIT_DIR [TARGET]
#
# GIT_DIR: a clone (or bare mirror) of https://github.com/django-oscar/django-oscar holding the
# tag 4.2; TARGET (default /work/scratch/oscar-sandbox) gets the sandbox folder of that tag, its
# own venv, an SQLite shop of ~200 products with Oscar's fixtures and photos, a Whoosh index and
# the collected static files. The package comes from PyPI as django-oscar==4.2.0, the tag's
# release: the git tree holds no built CSS/JS (they are made by npm at release time). Nothing
# of Oscar's is written into this repository.
set -euo pipefail
GIT_DIR="${1:?usage: bench/oscar_sandbox.sh GIT_DIR_OF_A_DJANGO_OSCAR_CLONE [TARGET]}"
TARGET="${2:-/work/scratch/oscar-sandbox}"
TAG="${OSCAR_TAG:-4.2}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$TARGET"
TARGET="$(cd "$TARGET" && pwd)"
case "$TARGET/" in "$REPO"/*) echo "TARGET must be outside the repository" >&2; exit 2 ;; esac
if [ -d "$GIT_DIR/.git" ]; then GIT_DIR="$GIT_DIR/.git"; fi

rm -rf "$TARGET/sandbox"
git --git-dir="$GIT_DIR" archive "$TAG" sandbox | tar -x -C "$TARGET"
git --git-dir="$GIT_DIR" rev-parse "$TAG^{commit}" > "$TARGET/sandbox/OSCAR_COMMIT"

if [ ! -x "$TARGET/venv/bin/python" ]; then
    python3 -m venv "$TARGET/venv"
fi
"$TARGET/venv/bin/pip" install --quiet "django-oscar==4.2.0" "django>=5.2,<5.3" \
    "sorl-thumbnail>=12.10,<13" "easy-thumbnails>=2.9,<2.11" "Whoosh>=2.7,<2.8" \
    django-environ whitenoise gunicorn pycountry

cd "$TARGET/sandbox"
export DJANGO_SETTINGS_MODULE=settings DEBUG=0 SECRET_KEY=oscar-sandbox-bench-only
PY="$TARGET/venv/bin/python"
rm -f db.sqlite && rm -rf public whoosh_index
# The sandbox's own Makefile targets (build_sandbox), in the same order.
$PY manage.py migrate --noinput -v0
$PY manage.py loaddata fixtures/auth.json
$PY manage.py loaddata fixtures/child_products.json
$PY manage.py oscar_import_catalogue fixtures/*.csv
$PY manage.py oscar_import_catalogue_images fixtures/images.tar.gz
$PY manage.py oscar_populate_countries --initial-only
$PY manage.py loaddata fixtures/pages.json fixtures/ranges.json fixtures/offers.json
$PY manage.py loaddata fixtures/orders.json
$PY manage.py clear_index --noinput
$PY manage.py update_index catalogue
$PY manage.py collectstatic --noinput -v0
$PY manage.py shell -c "from oscar.apps.catalogue.models import Product; print(Product.objects.count(), 'products')"
echo "Oscar sandbox ($(cat OSCAR_COMMIT)) built in $TARGET"
