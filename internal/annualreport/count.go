package annualreport

import (
	"time"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/record"
)

// Counted genres: the rows of table 二 （一） and the genre that fills each.
var countedGenres = []struct{ Row, Genre string }{{"rules", "规章"}, {"normative", "行政规范性文件"}}

// Counts are the figures of table 二 （一） counted from the catalogue for
// one year and one genre.
type Counts struct {
	Issued   int64 // records of the genre published in the year
	Repealed int64 // records of the genre that ceased to be in force in the year
	InForce  int64 // records of the genre published by 31 December and not ceased by then
}

// ceased is the day a record stopped being in force: the publication of the
// earliest record that repeals it, else its expires date when its validity
// is 废止 or 失效. ok is false when it is in force, or when it is marked
// repealed or expired without a known date (unknown is reported as not in
// force, and as repealed in no year).
func ceased(e *catalogue.Entry) (day time.Time, known, gone bool) {
	for _, by := range e.RepealedBy {
		if !known || by.Published.Before(day) {
			day, known = by.Published, true
		}
	}
	if known {
		return day, true, true
	}
	if e.State == record.Repealed || e.State == record.Expired {
		return e.Expires, !e.Expires.IsZero(), true
	}
	return time.Time{}, false, false
}

// Count counts the figures of table 二 （一） for year, by row key ("rules",
// "normative"). Drafts are not in the catalogue unless built with them.
func Count(cat *catalogue.Catalogue, year int) map[string]Counts {
	out, _ := count(cat, year)
	return out
}

// count is Count with the index numbers of the records counted in each
// figure, by the figure's path ("proactive.rules.issued").
func count(cat *catalogue.Catalogue, year int) (map[string]Counts, map[string][]string) {
	out := map[string]Counts{}
	recs := map[string][]string{}
	end := time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, g := range countedGenres {
		var c Counts
		p := "proactive." + g.Row + "."
		for _, e := range cat.Records {
			if e.Genre != g.Genre || e.Kind == config.AnnualReport || e.Published.IsZero() {
				continue
			}
			if e.Published.Year() == year {
				c.Issued++
				recs[p+"issued"] = append(recs[p+"issued"], e.IndexNo)
			}
			day, known, gone := ceased(e)
			if known && day.Year() == year {
				c.Repealed++
				recs[p+"repealed"] = append(recs[p+"repealed"], e.IndexNo)
			}
			inForce := e.Published.Before(end) && (!gone || (known && !day.Before(end)))
			if inForce {
				c.InForce++
				recs[p+"in_force"] = append(recs[p+"in_force"], e.IndexNo)
			}
		}
		out[g.Row] = c
	}
	return out, recs
}

// countedPaths maps the figures a format can count to the count: the 2021
// format's 本年制发件数, 本年废止件数 and 现行有效件数 of 规章 and 行政规范性
// 文件. The 2019 trial format's columns (新制作, 新公开, 对外公开总数) and its
// broader 规范性文件 row do not match what the catalogue can count, so
// nothing is compared there.
func countedPaths(f *Format, counts map[string]Counts) map[string]int64 {
	out := map[string]int64{}
	if f.Name != "2021" {
		return out
	}
	for _, g := range countedGenres {
		c := counts[g.Row]
		out["proactive."+g.Row+".issued"] = c.Issued
		out["proactive."+g.Row+".repealed"] = c.Repealed
		out["proactive."+g.Row+".in_force"] = c.InForce
	}
	return out
}
