#!/usr/bin/env bash
# pip-audit over the locked dependencies (uv.lock, every extra).
#
# pip-audit asks PyPI's JSON API (or OSV) about each pinned version. Where
# neither answers, it "skips" every package and still exits 0, which would
# read as "no known vulnerability". So a canary comes first: Django 4.2.0 has
# published advisories; if pip-audit cannot find them, the database is out of
# reach. Then the target says so loudly and, unless REQUIRE_DEPENDENCY_AUDIT=1,
# does not fail: a machine without that service (CI here) cannot tell safe
# from unsafe, and failing every run would only teach people to ignore it.
# Where the service answers, any known vulnerability, or any package that
# could not be checked (--strict), fails the target.
set -uo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
requirements=$(mktemp)
canary=$(mktemp)
trap 'rm -f "$requirements" "$canary"' EXIT

"$BIN/uv" export --frozen --no-hashes --all-extras --no-emit-project \
    --quiet > "$requirements" || exit 1
echo "django==4.2.0" > "$canary"

audit() {
    "$BIN/pip-audit" --no-deps --disable-pip --progress-spinner off "$@" 2>/dev/null
}

if ! audit -r "$canary" --format json | grep -q '"vulns": \[{'; then
    echo "pip-audit: the vulnerability database (PyPI's JSON API, OSV) does not" \
         "answer from this machine: the locked dependencies were NOT audited."
    if [[ "${REQUIRE_DEPENDENCY_AUDIT:-0}" == 1 ]]; then
        exit 1
    fi
    echo "pip-audit: not failing (set REQUIRE_DEPENDENCY_AUDIT=1 to fail here)."
    exit 0
fi

count=$(grep -c '==' "$requirements")
echo "pip-audit: auditing $count locked packages"
audit -r "$requirements" --strict
