#!/usr/bin/env bash
# The modules of generator/ in layers, lowest first: each may include only
# the headers of modules before it in this list (and its own), so none
# calls back into one above it. A new module is added here at its place;
# README.md's "Architecture" describes the same order.
set -euo pipefail
cd "$(dirname "$0")/../generator"

order="mem buf pack utf8 value lang date escape slug diag modelcache
       source output frontmatter markdown mustache
       history theme model plan
       facts catalog report export pages search site serve main"

rank() {
	local i=0 m
	for m in $order; do
		[ "$m" = "$1" ] && { echo $i; return; }
		i=$((i + 1))
	done
	echo -1
}

failed=0
for f in *.c *.h; do
	mod=${f%.*}
	r=$(rank "$mod")
	if [ "$r" -lt 0 ]; then
		echo "layers: $f: the module \"$mod\" has no place in tests/layers.sh"
		failed=1
		continue
	fi
	for inc in $(sed -n 's/^#include "\([a-z0-9_]*\)\.h".*/\1/p' "$f"); do
		[ "$inc" = "$mod" ] && continue
		ri=$(rank "$inc")
		if [ "$ri" -lt 0 ] || [ "$ri" -ge "$r" ]; then
			echo "layers: $f includes $inc.h, which is not below $mod"
			failed=1
		fi
	done
done
[ $failed = 0 ] && echo "layers: every module includes only lower ones"
exit $failed
