#!/usr/bin/env bash
# venv.sh DIR makes DIR/.venv from DIR/requirements.txt, a lock with hashes, and makes it
# again whenever the lock changes: the Python suites of contract/ that scripts run (Schemathesis,
# openapi-generator's Python client) source it.
venv() {
	local dir=$1
	if ! cmp -s "$dir/requirements.txt" "$dir/.venv/requirements.txt"; then
		rm -rf "$dir/.venv"
		python3 -m venv "$dir/.venv"
		"$dir/.venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes -r "$dir/requirements.txt"
		cp "$dir/requirements.txt" "$dir/.venv/requirements.txt"
	fi
}
