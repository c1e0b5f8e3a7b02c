#!/usr/bin/env bash
# Installs the browser tests' dependencies exactly as package-lock.json pins
# them, when node_modules/ is missing or older than the lock file. Install
# scripts are skipped: none is needed, and vnu-jar's would fetch a Java
# runtime from outside the package registries when it finds no system Java.
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -f "$here/node_modules/.package-lock.json" ] ||
	[ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
	echo "browser: npm ci in tests/browser"
	(cd "$here" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) || exit 1
	touch "$here/node_modules/.package-lock.json"
fi
