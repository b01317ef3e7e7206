#!/usr/bin/env bash
# Extracts translatable strings into each app's locale/ and, for the shared
# templates and iacd_portal/, into the project's locale/. Then fill the .po
# files (no fuzzy entries) and run `make install` to compile them.
set -euo pipefail
cd "$(dirname "$0")/.."
manage="$PWD/.venv/bin/python $PWD/manage.py"
languages="-l es -l pt -l fr"
apps=$(for dir in */apps.py; do dirname "$dir"; done)

ignores="--ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests --ignore=bench"
for app in $apps; do ignores="$ignores --ignore=$app"; done
$manage makemessages $languages $ignores -v0

for app in $apps; do
  mkdir -p "$app/locale"
  (cd "$app" && $manage makemessages $languages -v0)
done
echo "Updated: locale/ and $(echo $apps | wc -w) apps' locale/ folders."
