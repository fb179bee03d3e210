#!/usr/bin/env bash
# bench/edit.sh: the editors' workflow targets on the generated catalogue of
# bench/build.sh (10,000 records unless N says otherwise):
#
#   bench/edit.sh                    # 20 edits of each kind, 1,000 for memory
#   EDITS=5 MEMORY=0 bench/edit.sh   # a quick run
#
# It reports a clean build against a rebuild with nothing changed (through
# the on-disk cache of `gongkai build`), the time from saving a record to
# the live preview's reload event for body and title edits (median and p90),
# and the preview's memory at edit 10 and at the last of MEMORY successive
# edits. See bench/editbench.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-10000}
SEED=${SEED:-1}
EDITS=${EDITS:-20}
MEMORY=${MEMORY:-1000}
OUT=bench/out
# The corpus of bench/build.sh, with the same stamp.
want="n=$N seed=$SEED gen=$(cat bench/corpus/*.go | sha256sum | cut -c1-16)"
if [ ! -f "$OUT/corpus/content/site.yaml" ] || [ "$(cat "$OUT/corpus.stamp" 2>/dev/null)" != "$want" ]; then
	echo "== generating the corpus ($want)"
	rm -f "$OUT/corpus.stamp"
	go run ./bench/gencorpus -n "$N" -seed "$SEED" -out "$OUT/corpus" -hugo "$OUT/hugo"
	echo "$want" >"$OUT/corpus.stamp"
fi
go build -o "$OUT/editbench" ./bench/editbench
exec "$OUT/editbench" -site "$OUT/corpus" -edits "$EDITS" -memory "$MEMORY"
