#!/usr/bin/env bash
# bench/search.sh: gongkai's search side by side with Pagefind on one site.
#
#   bench/search.sh                                    # the generated 10,000-record catalogue
#   bench/search.sh /work/shared/corpus/laws-sample    # any site folder (with content/)
#   RUNS=1 QUERIES=10 KNOWN=20 bench/search.sh SITE    # a quick look
#
# It builds the site (never inside it: into a temporary folder) RUNS times
# with and without search for the build time and peak memory search adds,
# reports the index on disk against the text it indexes, indexes the same
# built pages with Pagefind (npm package pagefind, installed into
# bench/out/pagefind), and opens a fixed set of queries cold in Chromium
# with 150 ms round trips and 1.6 Mbit/s down, served gzip -9 over HTTP/2
# from 127.0.0.1: one row per query with the bytes, requests, waves and time
# to first results of both, then the medians, the worst ratios and the
# known-item and short-name rates. See bench/searchbench for what each
# figure means.
#
# Settings (environment): N and SEED for the generated catalogue; RUNS (3)
# builds of each kind; PER (6) queries of each kind drawn from the records;
# QUERIES (all) to run only the first so many, or none for the builds and
# the index alone (N=100000 QUERIES=none PAGEFIND=0 for the build at
# scale); KNOWN (100) title and short-name queries for the rank-1 rates;
# LATENCY (150, ms) and DOWN (1600000, bit/s; 0 turns throttling off);
# PAGEFIND_VERSION (1.6.0); PAGEFIND=0 to measure gongkai alone.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-10000}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
PER=${PER:-6}
QUERIES=${QUERIES:-0}
[ "$QUERIES" = none ] && QUERIES=-1
KNOWN=${KNOWN:-100}
LATENCY=${LATENCY:-150}
DOWN=${DOWN:-1600000}
PAGEFIND=${PAGEFIND:-1}
PAGEFIND_VERSION=${PAGEFIND_VERSION:-1.6.0}
OUT=bench/out
mkdir -p "$OUT"

if [ $# -gt 0 ]; then
	SITE=$1
	if [ ! -d "$SITE/content" ]; then
		echo "bench/search.sh: $SITE has no content/ folder" >&2
		exit 2
	fi
else
	# The corpus of bench/build.sh, with the same stamp.
	SITE=$OUT/corpus
	want="n=$N seed=$SEED gen=$(cat bench/corpus/*.go | sha256sum | cut -c1-16)"
	if [ ! -f "$OUT/corpus/content/site.yaml" ] || [ ! -f "$OUT/hugo/config.toml" ] ||
		[ "$(cat "$OUT/corpus.stamp" 2>/dev/null)" != "$want" ]; then
		echo "== generating the corpus ($want)"
		rm -f "$OUT/corpus.stamp"
		go run ./bench/gencorpus -n "$N" -seed "$SEED" -out "$OUT/corpus" -hugo "$OUT/hugo"
		echo "$want" >"$OUT/corpus.stamp"
	fi
fi
name=$(basename "$(cd "$SITE" && pwd)")

echo "== source: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo ' (with uncommitted changes)')"
go build -o "$OUT/gongkai" ./cmd/gongkai

pf=()
if [ "$PAGEFIND" != 0 ]; then
	PF=$OUT/pagefind/node_modules/.bin/pagefind
	if [ ! -x "$PF" ] || [ "$(node -p "require('./$OUT/pagefind/node_modules/pagefind/package.json').version" 2>/dev/null)" != "$PAGEFIND_VERSION" ]; then
		if ! command -v npm >/dev/null; then
			echo "bench/search.sh: npm is needed to install Pagefind (or PAGEFIND=0)" >&2
			exit 2
		fi
		echo "== installing pagefind@$PAGEFIND_VERSION into $OUT/pagefind"
		npm install --prefix "$OUT/pagefind" --no-audit --no-fund --silent "pagefind@$PAGEFIND_VERSION"
	fi
	echo "== pagefind $(node -p "require('./$OUT/pagefind/node_modules/pagefind/package.json').version")"
	pf=(-pagefind "$PF")
fi

exec go run ./bench/searchbench -site "$SITE" -gongkai "$OUT/gongkai" "${pf[@]}" \
	-runs "$RUNS" -per "$PER" -queries "$QUERIES" -known "$KNOWN" -latency "$LATENCY" -down "$DOWN" \
	-query-file "$OUT/queries-$name.tsv" -json "$OUT/search-$name.json"
