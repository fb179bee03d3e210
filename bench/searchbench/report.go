package main

import (
	"fmt"
	"slices"
)

// The table: one row per query, numbers first (the query last, as Chinese
// text does not line up in columns), then the loads of each wave.

func printHeader(pf bool) {
	if pf {
		fmt.Println("results        |   gongkai: KB req wv    ms |  pagefind: KB req wv    ms | ratio: bytes  time | kind      query")
		return
	}
	fmt.Println("results |   gongkai: KB req wv    ms | kind      query")
}

func printRow(r row) {
	g := r.Gongkai
	gn, gb := g.counted()
	line := fmt.Sprintf("%7d", g.Results)
	if r.Pagefind != nil {
		line += fmt.Sprintf(" %7d", r.Pagefind.Results)
	}
	line += fmt.Sprintf(" | %13.1f %3d %2d %5.0f |", kb(gb), gn, g.waves(), g.Time)
	if p := r.Pagefind; p != nil {
		pn, pb := p.counted()
		line += fmt.Sprintf(" %13.1f %3d %2d %5.0f | %12s %5s |", kb(pb), pn, p.waves(), p.Time,
			ratio(float64(gb), float64(pb)), ratio(g.Time, p.Time))
	}
	line += fmt.Sprintf(" %-9s %s", r.Query.Kind, r.Query.Text)
	fmt.Println(line)
	for _, x := range []struct {
		name string
		r    *run
	}{{"gongkai", &r.Gongkai}, {"pagefind", r.Pagefind}} {
		if x.r == nil {
			continue
		}
		if x.r.Error != "" {
			fmt.Printf("    %s error: %s\n", x.name, x.r.Error)
			continue
		}
		fmt.Printf("    %-8s waves %s\n", x.name, x.r.detail())
	}
}

func ratio(a, b float64) string {
	if a <= 0 || b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", a/b)
}

// printSummary prints the medians and the worst ratios over the queries that
// both engines answered, against the targets.
func printSummary(rows []row, pf bool) {
	var gb, gt, gw, gpage, pb, pt, ppage, rb, rt []float64
	worstB, worstT := -1.0, -1.0
	var worstBQ, worstTQ string
	failed := 0
	for _, r := range rows {
		if r.Gongkai.Error != "" || (pf && (r.Pagefind == nil || r.Pagefind.Error != "")) {
			failed++
			continue
		}
		_, b := r.Gongkai.counted()
		_, page := r.Gongkai.page()
		gb, gt = append(gb, kb(b)), append(gt, r.Gongkai.Time)
		gw, gpage = append(gw, float64(r.Gongkai.waves())), append(gpage, kb(page))
		if !pf {
			continue
		}
		_, p := r.Pagefind.counted()
		_, ppg := r.Pagefind.page()
		pb, pt, ppage = append(pb, kb(p)), append(pt, r.Pagefind.Time), append(ppage, kb(ppg))
		if p > 0 {
			x := float64(b) / float64(p)
			rb = append(rb, x)
			if x > worstB {
				worstB, worstBQ = x, r.Query.Text
			}
		}
		if r.Pagefind.Time > 0 {
			x := r.Gongkai.Time / r.Pagefind.Time
			rt = append(rt, x)
			if x > worstT {
				worstT, worstTQ = x, r.Query.Text
			}
		}
	}
	fmt.Printf("\n== summary over %d queries", len(gb))
	if failed > 0 {
		fmt.Printf(" (%d failed, left out)", failed)
	}
	fmt.Println()
	if len(gb) == 0 {
		return
	}
	fmt.Printf("gongkai:  median %6.1f KB (max %.1f), %5.0f ms (max %.0f); waves after search.js median %.0f, max %.0f (target ≤ 2, +1 for excerpts); page's own %.1f KB\n",
		median(gb), slices.Max(gb), median(gt), slices.Max(gt), median(gw), slices.Max(gw), median(gpage))
	if pf && len(pb) > 0 {
		fmt.Printf("pagefind: median %6.1f KB (max %.1f), %5.0f ms (max %.0f); page's own %.1f KB\n",
			median(pb), slices.Max(pb), median(pt), slices.Max(pt), median(ppage))
	}
	if len(rb) > 0 {
		fmt.Printf("bytes gongkai/pagefind: median %.2fx (target ≤ 0.3x), worst %.2fx for %q (target ≤ 0.6x)\n",
			median(rb), worstB, worstBQ)
	}
	if len(rt) > 0 {
		fmt.Printf("time  gongkai/pagefind: median %.2fx (target ≤ 0.5x), worst %.2fx for %q\n", median(rt), worstT, worstTQ)
	}
	fmt.Printf("gongkai median bytes %.1f KB (target on the laws sample: ≤ 100 KB)\n", median(gb))
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
