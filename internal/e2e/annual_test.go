package e2e

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/chromedp"
)

// annualSite is the annualreport package's fixture: reports in the 2021 and
// 2019 formats.
const annualSite = "../annualreport/testdata/site"

// headerCheck is what headersJS finds in one page.
type headerCheck struct {
	Cells    int      `json:"cells"`    // data cells checked
	Problems []string `json:"problems"` // cells whose headers="" differs from the table's geometry
	Sample   []string `json:"sample"`   // header texts of the 1.属于国家秘密 / 商业企业 cell
	TDs      int      `json:"tds"`
	THs      int      `json:"ths"`
	Regions  []string `json:"regions"` // scroll regions that are not focusable, named, or scrollable when they must be
	PageWide bool     `json:"pageWide"`
	Part2    []int    `json:"part2"`   // tables in the part 二 section
	Items    []string `json:"items"`   // its scope="rowgroup" headers
	Repeats  []string `json:"repeats"` // captions that repeat the heading above them
}

// headersJS lays out every official table as Chromium parsed it (rowspan,
// colspan) and checks that each data cell's headers="" names exactly the
// column headers above it (in the thead, or above it in its own row group),
// the row headers before it in its row and the scope="rowgroup" header of its
// row group: the association a screen reader makes from scope and the one
// the headers attribute states must agree.
const headersJS = `(() => {
	const out = {cells: 0, problems: [], sample: [], tds: document.querySelectorAll('table td').length,
		ths: document.querySelectorAll('table th').length, regions: [], pageWide: document.scrollingElement.scrollWidth > window.innerWidth,
		part2: [], items: [], repeats: []};
	const h2 = [...document.querySelectorAll('h2')].find(h => h.textContent === '二、主动公开政府信息情况');
	const part2 = h2 && h2.closest('section');
	if (part2) {
		out.part2 = [part2.querySelectorAll('table').length];
		out.items = [...part2.querySelectorAll('th[scope=rowgroup]')].map(th => th.textContent);
	}
	for (const caption of document.querySelectorAll('caption')) {
		const heads = [...document.querySelectorAll('h1, h2, h3')].filter(h => h.compareDocumentPosition(caption) & Node.DOCUMENT_POSITION_FOLLOWING);
		if (heads.length && heads[heads.length - 1].textContent.trim() === caption.textContent.trim()) out.repeats.push(caption.textContent);
	}
	for (const table of document.querySelectorAll('table.annual-table')) {
		const grid = [], place = new Map();
		table.querySelectorAll('tr').forEach((tr, r) => {
			grid[r] = grid[r] || [];
			let c = 0;
			for (const cell of tr.cells) {
				while (grid[r][c]) c++;
				for (let i = 0; i < cell.rowSpan; i++) for (let j = 0; j < cell.colSpan; j++) {
					grid[r + i] = grid[r + i] || [];
					grid[r + i][c + j] = cell;
				}
				place.set(cell, {r, c, rows: cell.rowSpan, cols: cell.colSpan});
				c += cell.colSpan;
			}
		});
		for (const td of table.querySelectorAll('tbody td')) {
			out.cells++;
			const p = place.get(td);
			const want = new Set();
			for (const [th, q] of place) {
				if (th.tagName !== 'TH') continue;
				const above = th.closest('thead') || (th.closest('tbody') === td.closest('tbody') && q.r < p.r);
				const colHead = th.scope === 'col' && above && q.c <= p.c && p.c < q.c + q.cols && th.textContent !== '信息内容';
				const rowHead = th.scope === 'row' && q.r <= p.r && p.r < q.r + q.rows && q.c < p.c;
				const groupHead = th.scope === 'rowgroup' && th.closest('tbody') === td.closest('tbody');
				if (colHead || rowHead || groupHead) want.add(th);
			}
			const ids = (td.getAttribute('headers') || '').split(' ').filter(Boolean);
			const got = new Set(ids.map(id => document.getElementById(id)));
			const bad = ids.filter(id => { const e = document.getElementById(id); return !e || e.tagName !== 'TH' || !table.contains(e); });
			const same = got.size === want.size && [...want].every(h => got.has(h));
			if (bad.length || !same) out.problems.push(table.id + ' row ' + p.r + ' col ' + p.c + ': headers="' + ids.join(' ') + '", want ' + [...want].map(h => h.id).join(' '));
			const row = td.parentElement;
			if ([...row.querySelectorAll('th')].some(h => h.textContent === '1.属于国家秘密') && p.c === 4)
				out.sample = [...got].map(h => h.textContent);
		}
		const region = table.closest('.table-scroll');
		const label = region && document.getElementById(region.getAttribute('aria-labelledby') || '');
		if (!region || region.getAttribute('role') !== 'region' || region.tabIndex !== 0 || !label || !label.textContent)
			out.regions.push(table.id + ': no focusable, labelled scroll region');
		else if (region.scrollWidth > region.clientWidth + 1 && getComputedStyle(region).overflowX !== 'auto')
			out.regions.push(table.id + ': wider than its region, which does not scroll');
	}
	return out;
})()`

func axText(v *accessibility.Value) string {
	if v == nil {
		return ""
	}
	var s string
	if err := json.Unmarshal([]byte(v.Value), &s); err != nil {
		return string(v.Value)
	}
	return s
}

// TestAnnualTableHeaders opens a 2021-format and a 2019-format report in
// Chromium, on a desktop and on a 360 px phone: every th and td is a header
// or cell in Chromium's accessibility tree, the official headings are
// column and row headers there, every data cell's headers="" matches the
// table's geometry, table 二 is one table headed by each item of 第二十条
// as the template prints it, no caption repeats the heading above it, and
// the wide tables scroll inside a focusable, labelled region while the page
// itself does not scroll sideways.
func TestAnnualTableHeaders(t *testing.T) {
	ctx := newTab(t)
	out := buildSite(t, annualSite, true)
	for _, width := range []int64{1280, 360} {
		do(t, ctx, "setting the viewport", chromedp.EmulateViewport(width, 800))
		for _, c := range []struct {
			page               string
			colHeads, rowHeads []string
			sample             []string
			items              []string // the items of 第二十条 heading table 二's row groups
		}{
			{"annual-report/2024-00010/index.html",
				[]string{"申请人情况", "法人或其他组织", "商业企业", "总计", "本年制发件数", "本年废止件数", "现行有效件数", "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持", "尚未审结", "本年收费金额（单位：万元）"},
				[]string{"三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "（六）其他处理", "3.其他", "四、结转下年度继续办理", "规章", "行政规范性文件", "行政事业性收费"},
				[]string{"申请人情况", "法人或其他组织", "商业企业", "三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"},
				[]string{"第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"}},
			{"annual-report/2020-00001/index.html",
				[]string{"本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "采购项目数量", "采购总金额", "商业企业"},
				[]string{"规范性文件", "其他对外管理服务事项", "政府集中采购", "（六）其他处理"},
				[]string{"申请人情况", "法人或其他组织", "商业企业", "三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"},
				[]string{"第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项", "第二十条第（九）项"}},
		} {
			navigate(t, ctx, "file://"+filepath.Join(out, filepath.FromSlash(c.page)))
			tree, err := chromedp.Call(ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
			if err != nil {
				t.Fatalf("%s: accessibility tree: %v", c.page, err)
			}
			roles := map[string][]string{}
			for _, n := range tree.Nodes {
				if !n.Ignored {
					role := axText(n.Role)
					roles[role] = append(roles[role], axText(n.Name))
				}
			}
			h := eval[headerCheck](t, ctx, headersJS)
			if cells := len(roles["cell"]) + len(roles["gridcell"]); cells != h.TDs {
				t.Errorf("%s: %d td elements, but %d cells in the accessibility tree (a table taken for layout?)", c.page, h.TDs, cells)
			}
			if heads := len(roles["columnheader"]) + len(roles["rowheader"]); heads != h.THs {
				t.Errorf("%s: %d th elements, but %d header cells in the accessibility tree", c.page, h.THs, heads)
			}
			for _, name := range c.colHeads {
				if !slices.Contains(roles["columnheader"], name) {
					t.Errorf("%s: no column header %q in the accessibility tree", c.page, name)
				}
			}
			for _, name := range c.rowHeads {
				if !slices.Contains(roles["rowheader"], name) {
					t.Errorf("%s: no row header %q in the accessibility tree", c.page, name)
				}
			}
			if h.Cells < 100 {
				t.Errorf("%s: only %d data cells checked", c.page, h.Cells)
			}
			for _, p := range h.Problems {
				t.Errorf("%s: %s", c.page, p)
			}
			for _, p := range h.Regions {
				t.Errorf("%s at %d px: %s", c.page, width, p)
			}
			if h.PageWide {
				t.Errorf("%s at %d px: the page scrolls sideways", c.page, width)
			}
			if !slices.Equal(h.Part2, []int{1}) || !slices.Equal(h.Items, c.items) {
				t.Errorf("%s: part 二 has %v tables with the item headers %q, want one table with %q", c.page, h.Part2, h.Items, c.items)
			}
			for _, r := range h.Repeats {
				t.Errorf("%s: the caption %q repeats the heading above it", c.page, r)
			}
			got := slices.Clone(h.Sample)
			slices.Sort(got)
			want := slices.Clone(c.sample)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s: the 1.属于国家秘密 / 商业企业 cell has the headers %q, want %q", c.page, h.Sample, c.sample)
			}
		}
	}
}

// TestAnnualAxe runs axe-core (as TestAxe does, when it is installed) on
// the tabular report pages and the 年报 list of the annualreport fixture:
// its table rules (td-headers-attr, th-has-data-cells, scope-attr-valid, …)
// and the rest must find no violation.
func TestAnnualAxe(t *testing.T) {
	src := axeSource(t)
	ctx := newTab(t)
	out := buildSite(t, annualSite, true)
	for _, page := range []string{"annual-report/2024-00010/index.html", "annual-report/2020-00001/index.html", "annual-report/index.html"} {
		navigate(t, ctx, "file://"+filepath.Join(out, filepath.FromSlash(page)))
		r, err := runAxe(ctx, src)
		if err != nil {
			t.Fatalf("%s: running axe: %v", page, err)
		}
		for _, v := range r.Violations {
			var where []string
			for _, n := range v.Nodes {
				where = append(where, n.HTML)
			}
			t.Errorf("%s: %s [%s]: %q", page, v.Help, v.ID, where)
		}
		if r.Passes == 0 {
			t.Errorf("%s: axe passed no rule; it did not run", page)
		}
	}
}
