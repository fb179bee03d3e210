#!/usr/bin/env bash
# bench/markdown.sh: rendering time of adversarial Markdown (the patterns
# that make goldmark slow: unclosed brackets and emphasis, <…> link
# destinations, reference definitions, backtick runs, deep nesting, wide
# tables), each with as many of its constructs as the limits of
# internal/markdown/limits.go allow, at 1, 2, 4 and 8 MiB:
#
#   bench/markdown.sh              # every pattern
#   PATTERN='\[a' bench/markdown.sh  # one (a Go regexp)
#
# For each pattern it prints the time at each size, the time per byte, and
# the ratio of the time per byte at 8 MiB to that at 1 MiB: about 1 (or
# less) when rendering grows linearly. The largest record gongkai reads is
# 8 MiB; each should render in well under 5 s. See BenchmarkAdversarial.
set -euo pipefail
cd "$(dirname "$0")/.."
PATTERN=${PATTERN:-.*}
go test ./internal/markdown -run '^$' -bench "BenchmarkAdversarial/($PATTERN)/" -benchtime 1x -timeout 0 |
	awk '
	/^BenchmarkAdversarial\// {
		split($1, p, "/"); name = p[2]; size = p[3]; sub(/-[0-9]+$/, "", size)
		ns = $3; perb = $(NF-1)
		if (!(name in seen)) { seen[name] = 1; order[++n] = name }
		t[name, size] = ns / 1e9; b[name, size] = perb
	}
	END {
		printf "%-10s %9s %9s %9s %9s %9s %9s\n", "pattern", "1MiB s", "2MiB s", "4MiB s", "8MiB s", "8MiB ns/B", "growth"
		for (i = 1; i <= n; i++) {
			k = order[i]
			g = b[k, "1MiB"] > 0 ? b[k, "8MiB"] / b[k, "1MiB"] : 0
			printf "%-10s %9.2f %9.2f %9.2f %9.2f %9.1f %9.2f\n", k, t[k, "1MiB"], t[k, "2MiB"], t[k, "4MiB"], t[k, "8MiB"], b[k, "8MiB"], g
		}
	}'
