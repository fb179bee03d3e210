#!/usr/bin/env bash
# bench/search.sh: the search targets on the generated catalogue of
# bench/build.sh (10,000 records unless N says otherwise):
#
#   bench/search.sh               # 3 builds with and 3 without search
#   RUNS=1 TITLES=50 bench/search.sh
#
# It reports the build time with and without the search index, the index's
# bytes against the text it indexes (raw and gzip), index files per record,
# the requests and gzip bytes of cold queries in Chromium over
# http://127.0.0.1 (search.js and the first page's excerpts included), and
# the known-item rate for TITLES titles. See bench/searchbench.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-10000}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
TITLES=${TITLES:-200}
OUT=bench/out
# The corpus of bench/build.sh, with the same stamp.
want="n=$N seed=$SEED gen=$(cat bench/corpus/*.go | sha256sum | cut -c1-16)"
if [ ! -f "$OUT/corpus/content/site.yaml" ] || [ ! -f "$OUT/hugo/config.toml" ] ||
	[ "$(cat "$OUT/corpus.stamp" 2>/dev/null)" != "$want" ]; then
	echo "== generating the corpus ($want)"
	rm -f "$OUT/corpus.stamp"
	go run ./bench/gencorpus -n "$N" -seed "$SEED" -out "$OUT/corpus" -hugo "$OUT/hugo"
	echo "$want" >"$OUT/corpus.stamp"
fi
exec go run ./bench/searchbench -site "$OUT/corpus" -runs "$RUNS" -titles "$TITLES"
