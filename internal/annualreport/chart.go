package annualreport

import (
	"math"
	"strconv"
	"strings"
)

// Chart is a grouped bar chart of figures over the years, laid out for an
// inline SVG (no script): the bars with their coordinates, the axes, a
// legend, a text alternative (Desc), and the numbers for a data table.
type Chart struct {
	ID     string
	Title  string
	Desc   string
	Width  int
	Height int
	Years  []int
	Series []Series
	Bars   []Bar
	Ticks  []Tick // the value axis
	XTicks []Tick // the years
	Legend []Key
	Base   float64 // y of the value 0
	Left   float64 // x of the value axis
	Right  float64
}

// Series is one measure over the years; Values[i] belongs to Years[i].
type Series struct {
	Name   string
	Class  string // s1, s2, …: the bar colour in site.css
	Values []Value
}

// Value is a figure, or none (the year's report does not have it).
type Value struct {
	N    float64
	Text string // "" when there is none
}

// Bar is one bar; Label is its value, drawn above it.
type Bar struct {
	X, Y, W, H float64
	LabelX     float64
	LabelY     float64
	Label      string
	Class      string
	Title      string // year, series and value, for the tooltip
}

// Tick is a labelled position on an axis.
type Tick struct {
	At    float64
	Label string
}

// Key is one legend entry.
type Key struct {
	X, Y  float64
	Class string
	Name  string
}

type measure struct {
	name  string
	value func(r *Report) (Value, bool)
}

func figure(paths ...string) func(r *Report) (Value, bool) {
	return func(r *Report) (Value, bool) {
		var sum float64
		for _, p := range paths {
			v, ok := r.Value(p)
			if !ok {
				return Value{}, false
			}
			sum += v
		}
		return Value{sum, strconv.FormatFloat(sum, 'f', -1, 64)}, true
	}
}

func outcome(key string) func(r *Report) (Value, bool) {
	return func(r *Report) (Value, bool) {
		n, ok := r.group(key, "total")
		return Value{float64(n), strconv.FormatInt(n, 10)}, ok
	}
}

// Charts are the charts of the 年报 list page, from the tabular reports.
func (s *Set) Charts() []Chart {
	var rs []*Report
	for i := len(s.Reports) - 1; i >= 0; i-- {
		if r := s.Reports[i]; r.Tabular() && s.byYear[r.Year] == r {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return nil
	}
	return []Chart{
		chart("chart-requests", "收到和处理政府信息公开申请情况", "件", rs, []measure{
			{"本年新收申请", figure("requests.new.total")},
			{"予以公开", figure("requests.granted.total")},
			{"部分公开", figure("requests.partly_granted.total")},
			{"不予公开", outcome("refused")},
			{"无法提供", outcome("unable")},
			{"不予处理", outcome("not_processed")},
			{"其他处理", outcome("other")},
		}),
		chart("chart-documents", "规章和行政规范性文件制发、废止情况", "件", rs, []measure{
			{"规章 本年制发", either("proactive.rules.issued", "proactive.rules.made")},
			{"规章 本年废止", figure("proactive.rules.repealed")},
			{"行政规范性文件 本年制发", either("proactive.normative.issued", "proactive.normative.made")},
			{"行政规范性文件 本年废止", figure("proactive.normative.repealed")},
		}),
		chart("chart-reviews", "政府信息公开行政复议、行政诉讼情况", "件", rs, []measure{
			{"行政复议", figure("reviews.review.total")},
			{"行政诉讼（未经复议直接起诉）", figure("reviews.litigation_direct.total")},
			{"行政诉讼（复议后起诉）", figure("reviews.litigation_after_review.total")},
		}),
	}
}

func either(a, b string) func(r *Report) (Value, bool) {
	return func(r *Report) (Value, bool) {
		if v, ok := figure(a)(r); ok {
			return v, true
		}
		return figure(b)(r)
	}
}

// niceStep is the step of a value axis of four steps reaching m: a whole
// number of 1, 2 or 5 times a power of ten, at least 1 (the figures count).
func niceStep(m float64) float64 {
	need := math.Max(m/4, 0.25)
	p := math.Pow(10, math.Floor(math.Log10(need)))
	for _, f := range []float64{1, 2, 5, 10} {
		if f*p >= need {
			return math.Max(1, f*p)
		}
	}
	return math.Max(1, 10*p)
}

func round(x float64) float64 { return math.Round(x*10) / 10 }

func chart(id, title, unit string, rs []*Report, ms []measure) Chart {
	c := Chart{ID: id, Title: title, Width: 640}
	for _, r := range rs {
		c.Years = append(c.Years, r.Year)
	}
	top := 0.0
	for i, m := range ms {
		s := Series{Name: m.name, Class: "s" + strconv.Itoa(i+1)}
		for _, r := range rs {
			v, _ := m.value(r)
			s.Values = append(s.Values, v)
			top = max(top, v.N)
		}
		c.Series = append(c.Series, s)
	}
	// Legend rows of up to three entries, above the plot.
	perRow := 3
	legendRows := (len(ms) + perRow - 1) / perRow
	for i, s := range c.Series {
		c.Legend = append(c.Legend, Key{X: 48 + float64(i%perRow)*200, Y: 16 + float64(i/perRow)*20, Class: s.Class, Name: s.Name})
	}
	plotTop := 16 + float64(legendRows)*20 + 12
	plotH := 200.0
	c.Base = plotTop + plotH
	c.Height = int(c.Base) + 30
	c.Left, c.Right = 44, float64(c.Width)-8
	scale := 4 * niceStep(top)
	for i := 0; i <= 4; i++ {
		v := scale * float64(i) / 4
		c.Ticks = append(c.Ticks, Tick{round(c.Base - plotH*float64(i)/4), strconv.FormatFloat(v, 'f', -1, 64)})
	}
	groupW := (c.Right - c.Left) / float64(len(c.Years))
	barW := groupW * 0.84 / float64(len(ms))
	for yi, y := range c.Years {
		gx := c.Left + groupW*float64(yi) + groupW*0.08
		c.XTicks = append(c.XTicks, Tick{round(c.Left + groupW*(float64(yi)+0.5)), strconv.Itoa(y) + "年"})
		for si, s := range c.Series {
			v := s.Values[yi]
			if v.Text == "" {
				continue
			}
			h := plotH * v.N / scale
			x := gx + barW*float64(si)
			c.Bars = append(c.Bars, Bar{X: round(x), Y: round(c.Base - h), W: round(barW - 1), H: round(h),
				LabelX: round(x + barW/2), LabelY: round(c.Base - h - 3), Label: v.Text, Class: s.Class,
				Title: strconv.Itoa(y) + "年 " + s.Name + "：" + v.Text + unit})
		}
	}
	var desc strings.Builder
	desc.WriteString("柱状图，按年度比较")
	for i, s := range c.Series {
		if i > 0 {
			desc.WriteString("、")
		}
		desc.WriteString(s.Name)
	}
	desc.WriteString("（单位：" + unit + "）。")
	for _, s := range c.Series {
		desc.WriteString(s.Name + "：")
		first := true
		for yi, y := range c.Years {
			if s.Values[yi].Text == "" {
				continue
			}
			if !first {
				desc.WriteString("，")
			}
			first = false
			desc.WriteString(strconv.Itoa(y) + "年 " + s.Values[yi].Text)
		}
		if first {
			desc.WriteString("无数据")
		}
		desc.WriteString("。")
	}
	c.Desc = desc.String()
	return c
}
