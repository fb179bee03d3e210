#!/usr/bin/env bash
# bench/build.sh: time a full build of a generated catalogue, or of a site
# folder, with and without the search index ("gongkai-nosearch"), and compare
# it with Hugo on the same records (the "Foundation" target: >= 2,000
# records/s and < 1 GiB peak for 10,000 records of 1–5 KB of Chinese text);
# then time incremental builds without search through the on-disk cache: a
# clean one, one with nothing changed, and one after one record's body, title
# or topic changed, each with its ratio to the clean one.
#
#   bench/build.sh                 # 10,000 generated records, 3 runs each
#   N=1000 RUNS=5 bench/build.sh   # other sizes and run counts
#   bench/build.sh SITE            # the records of the site folder SITE
#   SHM=0 bench/build.sh           # skip the runs into /dev/shm
#
# A site folder is copied into bench/out/site (the one-record edits change
# the copy, never SITE) and written as the same minimal Hugo site as the
# generated corpus (bench/hugosite); N is then its number of records.
# It generates the corpus into bench/out/ (gitignored) when it is missing or
# was made with other settings or another version of bench/corpus, builds
# bench/out/gongkai once, then runs each builder RUNS times under
# /usr/bin/time -v into an empty output folder, and prints wall time,
# records/s, peak resident memory and CPU use for each run and the medians.
# records/s counts the N catalogue records (the two plain pages are built
# too but not counted). Hugo is measured only if it is on PATH
# (apt-get install -y hugo); its runs alternate with gongkai's so that both
# see the same load on a shared machine.
#
# Fairness on this machine's file system: each run starts after a sync, so
# the writeback of the previous run does not land in it, and the previous
# output is moved aside rather than deleted, and deleted only at the end.
# (On ext4 without a journal, creating files soon after deleting tens of
# thousands costs seconds of system time: the inode allocator skips
# recently deleted inodes. Run the script again a minute after it ends.)
# Because the disk's cost varies with what else the machine does, each
# builder is also run with its output in /dev/shm (tmpfs), when there is
# one, as "gongkai-shm" and "hugo-shm": the same build without the disk.
set -euo pipefail
cd "$(dirname "$0")/.."

SITE=${1:-}
N=${N:-10000}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
SHM=${SHM:-1}
OUT=${OUT:-bench/out}
TIME=/usr/bin/time

if [ ! -x "$TIME" ] || ! "$TIME" -v true >/dev/null 2>&1; then
	echo "bench/build.sh: GNU time is needed at $TIME (for -v and its peak memory);" >&2
	echo "  install it with: apt-get install -y time" >&2
	exit 2
fi
if ! command -v go >/dev/null; then
	echo "bench/build.sh: go not found on PATH" >&2
	exit 2
fi
if [ -n "$SITE" ] && [ ! -d "$SITE/content" ]; then
	echo "bench/build.sh: $SITE is not a site folder (it has no content/)" >&2
	exit 2
fi
mkdir -p "$OUT"

if [ -n "$SITE" ]; then
	CORPUS=$OUT/site HUGO=$OUT/site-hugo
	echo "== copying $SITE into $CORPUS"
	rm -rf "$CORPUS" && mkdir -p "$CORPUS" && cp -R "$SITE/content" "$CORPUS/"
	chmod -R u+w "$CORPUS"
	N=$(find "$CORPUS/content" -type f \( -name '*.md' -o -name '*.yaml' \) ! -path "$CORPUS/content/site.yaml" | wc -l)
	echo "== writing it as a Hugo site into $HUGO"
	go run ./bench/hugosite -site "$CORPUS" -out "$HUGO"
	echo "== building bench/out/gongkai"
	go build -o "$OUT/gongkai" ./cmd/gongkai
else
	CORPUS=$OUT/corpus HUGO=$OUT/hugo
	# The corpus, regenerated when N, SEED or the generator changed.
	want="n=$N seed=$SEED gen=$(cat bench/corpus/*.go | sha256sum | cut -c1-16)"
	fresh=0
	if [ ! -f "$OUT/corpus/content/site.yaml" ] || [ ! -f "$OUT/hugo/config.toml" ] ||
		[ "$(cat "$OUT/corpus.stamp" 2>/dev/null)" != "$want" ]; then
		echo "== generating the corpus ($want)"
		rm -f "$OUT/corpus.stamp"
		go run ./bench/gencorpus -n "$N" -seed "$SEED" -out "$OUT/corpus" -hugo "$OUT/hugo"
		fresh=1
	fi

	echo "== building bench/out/gongkai"
	go build -o "$OUT/gongkai" ./cmd/gongkai
	if [ "$fresh" = 1 ]; then
		echo "== checking the corpus (must be 0 errors, 0 warnings)"
		"$OUT/gongkai" check --source "$OUT/corpus" | tail -n 1
		echo "$want" >"$OUT/corpus.stamp"
	fi
fi

hugo=0
if command -v hugo >/dev/null; then
	hugo=1
fi

echo "== machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg), $(go version | cut -d' ' -f3-)"
echo "== source: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo ' (with uncommitted changes)')"
echo "== records: $N in $CORPUS"
echo "== gongkai: $OUT/gongkai build --clean --source $CORPUS --out $OUT/public"
if [ "$hugo" = 1 ]; then
	echo "== $(hugo version | cut -d' ' -f1-2): hugo --source $PWD/$HUGO --destination $PWD/$OUT/hugo-public"
fi

trash="$OUT/.trash"
mkdir -p "$trash"
shm=""
if [ "$SHM" = 1 ] && [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] && [ -w /dev/shm ]; then
	shm=$(mktemp -d /dev/shm/gongkai-bench.XXXXXX)
fi
cleanup() { rm -rf "$trash" ${shm:+"$shm"}; }
trap cleanup EXIT

median() { sort -g | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# run NAME RUN OUTDIR COMMAND...: run COMMAND once under time -v into an
# empty OUTDIR; print the figures and append them to $OUT/NAME.runs as
# "records/s peakMiB wall cpus".
run() {
	local name=$1 i=$2 outdir=$3
	shift 3
	if [ -n "$shm" ] && [[ $outdir == "$shm"/* ]]; then
		rm -rf "$outdir"
	elif [ -e "$outdir" ]; then
		mv "$outdir" "$(mktemp -d "$trash/$name.XXXXXX")/"
	fi
	sync
	local tlog="$OUT/$name-$i.time" log="$OUT/$name-$i.log"
	if ! "$TIME" -v -o "$tlog" "$@" >"$log" 2>&1; then
		echo "bench/build.sh: $name run $i failed:" >&2
		tail -n 20 "$log" >&2
		exit 1
	fi
	awk -v n="$N" -v name="$name" -v run="$i" -F': ' '
		/Elapsed \(wall clock\)/ {k = split($2, p, ":"); wall = (k == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2]}
		/Maximum resident set size/ {rss = $2 / 1024}
		/User time/ {user = $2}
		/System time/ {sys = $2}
		END {
			printf "%-11s run %d: %6.2f s wall, %6.0f records/s, peak %7.1f MiB, user %5.2f s + sys %5.2f s = %.2f CPUs busy\n", name, run, wall, n / wall, rss, user, sys, (user + sys) / wall
			printf "%f %f %f %f\n", n / wall, rss, wall, (user + sys) / wall > "/dev/stderr"
		}' "$tlog" 2>>"$OUT/$name.runs"
}

# summary NAME: print the medians and leave them in $OUT/NAME.median as
# "records/s peakMiB".
summary() {
	local name=$1 runs="$OUT/$1.runs" rps mib wall cpus
	rps=$(cut -d' ' -f1 "$runs" | median)
	mib=$(cut -d' ' -f2 "$runs" | median)
	wall=$(cut -d' ' -f3 "$runs" | median)
	cpus=$(cut -d' ' -f4 "$runs" | median)
	printf "%-11s median of %d: %6.2f s wall, %6.0f records/s, peak %7.1f MiB, %.2f CPUs busy\n" "$name" "$RUNS" "$wall" "$rps" "$mib" "$cpus"
	echo "$rps $mib" >"$OUT/$name.median"
	echo "$wall" >"$OUT/$name.wall"
}

rm -f "$OUT"/*.runs "$OUT"/*.median "$OUT"/*.wall "$OUT"/*.time "$OUT"/*.log
for i in $(seq 1 "$RUNS"); do
	run gongkai "$i" "$OUT/public" "$OUT/gongkai" build --clean --source "$CORPUS" --out "$OUT/public"
	run gongkai-nosearch "$i" "$OUT/public" "$OUT/gongkai" build --clean --no-search --source "$CORPUS" --out "$OUT/public"
	if [ "$hugo" = 1 ]; then
		# Absolute paths: Hugo resolves a relative --destination against --source.
		run hugo "$i" "$PWD/$OUT/hugo-public" hugo --source "$PWD/$HUGO" --destination "$PWD/$OUT/hugo-public"
	fi
	if [ -n "$shm" ]; then
		run gongkai-shm "$i" "$shm/public" "$OUT/gongkai" build --clean --source "$CORPUS" --out "$shm/public"
		if [ "$hugo" = 1 ]; then
			run hugo-shm "$i" "$shm/hugo-public" hugo --source "$PWD/$HUGO" --destination "$shm/hugo-public"
		fi
	fi
done

# ratio A B: compare the medians of A and B.
ratio() {
	local a_rps a_mib b_rps b_mib
	read -r a_rps a_mib <"$OUT/$1.median"
	read -r b_rps b_mib <"$OUT/$2.median"
	awk -v a="$1" -v b="$2" -v g="$a_rps" -v h="$b_rps" -v gm="$a_mib" -v hm="$b_mib" 'BEGIN {
		printf "== %s/%s: %.2fx the records/s (%.0f vs %.0f), %.2fx the peak memory (%.0f vs %.0f MiB)\n", a, b, g / h, g, h, gm / hm, gm, hm
	}'
}

summary gongkai
summary gongkai-nosearch
[ "$hugo" = 1 ] && summary hugo
if [ -n "$shm" ]; then
	summary gongkai-shm
	[ "$hugo" = 1 ] && summary hugo-shm
fi
if [ "$hugo" = 1 ]; then
	ratio gongkai hugo
	ratio gongkai-nosearch hugo
	[ -n "$shm" ] && ratio gongkai-shm hugo-shm
else
	echo "hugo not found: no comparison (install it with: apt-get install -y hugo)"
fi
# The foundation target is the build without search; search's own target
# is that it adds at most 50% to that.
read -r g_rps g_mib <"$OUT/gongkai-nosearch.median"
read -r s_rps s_mib <"$OUT/gongkai.median"
awk -v r="$g_rps" -v m="$g_mib" -v s="$s_rps" 'BEGIN {
	printf "== foundation target, build without search (>= 2000 records/s, < 1024 MiB peak): %s\n", (r >= 2000 && m < 1024) ? "met" : "NOT met"
	printf "== search adds %.0f%% to the build time (target: at most 50%%)\n", (r / s - 1) * 100
}'

# Incremental builds without search through the on-disk cache, as a CI job
# or a git hook runs them, RUNS times each: a clean build (--clean); the
# first build after it, with one record's body changed, which has no
# earlier output kept to update and links every file once; then one with
# nothing changed, and one after one record's body, title or topic changed
# (the record in the middle of content/'s sorted record files; each edit
# differs from the last). Their medians are compared with the clean one's.
echo "== incremental: $OUT/gongkai build --no-search --source $CORPUS --out $OUT/inc-public --cache $OUT/inc-cache"
rec=$(find "$CORPUS/content" -type f -name '*.md' -exec grep -l '^topic:' {} + | sort | awk '{a[NR] = $0} END {print a[int((NR + 1) / 2)]}')
if [ -z "$rec" ]; then
	echo "bench/build.sh: no record with a topic: line in $CORPUS/content" >&2
	exit 1
fi
title=$(sed -n 's/^title: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$rec" | head -n 1)
topic=$(sed -n 's/^topic: *//p' "$rec" | head -n 1)
other=$(find "$CORPUS/content" -type f -name '*.md' -exec sed -n 's/^topic: *//p' {} + | sort | uniq -c | sort -rn |
	awk -v t="$topic" '{$1 = ""; sub(/^ /, "")} $0 != t {print; exit}')
echo "== the edited record: ${rec#"$CORPUS"/} (topic $topic, or $other)"
rm -rf "$OUT/inc-public" "$OUT/inc-cache" "$OUT"/inc-*.runs "$OUT"/.inc-public.*
cp "$rec" "$OUT/inc-record.orig"
# sedquote escapes s's replacement text.
sedquote() { printf '%s' "$1" | sed 's/[\/&]/\\&/g'; }

# irun NAME RUN: one incremental build under time -v; appends "wall peakMiB"
# to $OUT/NAME.runs.
irun() {
	local name=$1 i=$2
	shift 2
	sync
	local tlog="$OUT/$name-$i.time" log="$OUT/$name-$i.log"
	if ! "$TIME" -v -o "$tlog" "$OUT/gongkai" build --no-search --source "$CORPUS" --out "$OUT/inc-public" --cache "$OUT/inc-cache" "$@" >"$log" 2>&1; then
		echo "bench/build.sh: $name run $i failed:" >&2
		tail -n 20 "$log" >&2
		exit 1
	fi
	awk -v name="$name" -v run="$i" -v out="$(tail -n 1 "$log")" -F': ' '
		/Elapsed \(wall clock\)/ {k = split($2, p, ":"); wall = (k == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2]}
		/Maximum resident set size/ {rss = $2 / 1024}
		END {
			printf "%-12s run %d: %6.2f s wall, peak %7.1f MiB  (%s)\n", name, run, wall, rss, out
			printf "%f %f\n", wall, rss > "/dev/stderr"
		}' "$tlog" 2>>"$OUT/$name.runs"
}

for i in $(seq 1 "$RUNS"); do
	irun inc-clean "$i" --clean
	printf '\n基准测试第 %d 次改动前的一段正文。\n' "$i" >>"$rec"
	irun inc-first "$i"
	irun inc-noop "$i"
	printf '\n基准测试第 %d 次改动的一段正文。\n' "$i" >>"$rec"
	irun inc-body "$i"
	sed -i "0,/^title:.*/s//title: \"$(sedquote "$title（第 $i 次改动）")\"/" "$rec"
	irun inc-title "$i"
	if [ $((i % 2)) = 1 ]; then t=$other; else t=$topic; fi
	sed -i "0,/^topic:.*/s//topic: $(sedquote "$t")/" "$rec"
	irun inc-topic "$i"
done
cp "$OUT/inc-record.orig" "$rec" # the corpus as it was
read -r clean_wall clean_mib < <(paste <(cut -d' ' -f1 "$OUT/inc-clean.runs" | median) <(cut -d' ' -f2 "$OUT/inc-clean.runs" | median))
for name in inc-clean inc-first inc-noop inc-body inc-title inc-topic; do
	wall=$(cut -d' ' -f1 "$OUT/$name.runs" | median)
	mib=$(cut -d' ' -f2 "$OUT/$name.runs" | median)
	# The worst case: the highest of each round's ratio to the clean
	# build of the same round.
	worst=$(paste -d' ' <(cut -d' ' -f1 "$OUT/inc-clean.runs") <(cut -d' ' -f1 "$OUT/$name.runs") |
		awk '{ if ($1 > 0 && $2 / $1 > w) w = $2 / $1 } END { printf "%.3f", w }')
	awk -v name="$name" -v w="$wall" -v m="$mib" -v c="$clean_wall" -v r="$RUNS" -v worst="$worst" 'BEGIN {
		printf "%-12s median of %d: %6.2f s wall, %.3fx the clean build (worst round %.3fx), peak %7.1f MiB\n", name, r, w, w / c, worst, m
	}'
done
echo "== targets (issue 17): no-op at most 0.05x, one-record edits at most 0.1x of the clean build"
if [ "$hugo" = 1 ]; then
	# Hugo keeps nothing between runs of the command: its rebuild after a
	# one-record change is a whole build, the page-only one timed above.
	awk -v b="$(cut -d' ' -f1 "$OUT/inc-body.runs" | median)" -v h="$(cat "$OUT/hugo.wall")" 'BEGIN {
		printf "== one-record body edit: gongkai %.2f s, Hugo'"'"'s rebuild (a whole build) %.2f s: %.3fx\n", b, h, b / h
	}'
fi
