#!/usr/bin/env bash
# Prints the path of a Python 3.12+ interpreter, preferring $PYTHON, then the
# newest python3.x on PATH, then pyenv's versions. Exits 1 with a clear
# message when there is none.
set -u

good() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }

if [ -n "${PYTHON:-}" ]; then
  if good "$PYTHON"; then echo "$PYTHON"; exit 0; fi
  echo "PYTHON=$PYTHON is not Python 3.12 or newer." >&2; exit 1
fi
for name in python3.14 python3.13 python3.12 python3; do
  path=$(command -v "$name" 2>/dev/null) && good "$path" && { echo "$path"; exit 0; }
done
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for path in $(ls -d "$root"/versions/3.1[2-9]*/bin/python 2>/dev/null | sort -rV); do
  good "$path" && { echo "$path"; exit 0; }
done
echo "No Python 3.12 or newer found. Install one, or name it: make PYTHON=/path/to/python3.13" >&2
exit 1
