package catalogue

import (
	"strings"

	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/record"
)

// link resolves interprets, repeals and amends, and derives effective validity.
func (c *Catalogue) link(entries []*Entry, rep *diag.Reporter) {
	resolve := func(e *Entry, key string, refs []record.Ref) []*Entry {
		var out []*Entry
		for _, ref := range refs {
			t, ok := c.ByIndex[ref.IndexNo]
			switch {
			case !ok:
				rep.Report(ref.Pos, diag.RuleReference, key, ref.IndexNo)
			case t == e:
				rep.Report(ref.Pos, diag.RuleSelfReference, key)
			default:
				out = append(out, t)
			}
		}
		return out
	}
	for _, e := range entries {
		e.Interprets = resolve(e, "interprets", e.Record.Interprets)
		e.Repeals = resolve(e, "repeals", e.Record.Repeals)
		e.Amends = resolve(e, "amends", e.Record.Amends)
		for i, p := range e.Interprets {
			p.InterpretedBy = append(p.InterpretedBy, e)
			at := e.Record.Interprets[i].Pos
			if p.Kind != config.Policy {
				rep.Report(at, diag.RuleInterpretsKind, p.IndexNo)
			} else if n := record.WorkingDays(p.Published, e.Published); n > 3 {
				rep.Report(at, diag.RuleLateInterpretation, p.IndexNo, n)
			}
		}
		for _, t := range e.Repeals {
			t.RepealedBy = append(t.RepealedBy, e)
		}
		for _, t := range e.Amends {
			t.AmendedBy = append(t.AmendedBy, e)
		}
	}
	for _, e := range entries {
		if len(e.RepealedBy) == 0 {
			continue
		}
		if e.Pos.Has("validity") && e.Validity != record.Repealed {
			rep.Report(e.At("validity"), diag.RuleValidityConflict, e.RepealedBy[0].IndexNo, string(e.Validity))
		}
		e.State = record.Repealed
	}
	c.findRepealCycles(entries, rep)
}

// findRepealCycles reports each cycle of repeals once, at the repeals of the
// first record (by file) on it.
func (c *Catalogue) findRepealCycles(entries []*Entry, rep *diag.Reporter) {
	const (
		unseen = iota
		onPath
		done
	)
	state := map[*Entry]int{}
	var path []*Entry
	var visit func(e *Entry)
	visit = func(e *Entry) {
		state[e] = onPath
		path = append(path, e)
		for _, t := range e.Repeals {
			switch state[t] {
			case unseen:
				visit(t)
			case onPath:
				i := len(path) - 1
				for path[i] != t {
					i--
				}
				cycle := path[i:]
				lead := cycle[0]
				for _, x := range cycle {
					if x.Rel < lead.Rel {
						lead = x
					}
				}
				names := make([]string, 0, len(cycle)+1)
				for _, x := range cycle {
					names = append(names, x.IndexNo)
				}
				names = append(names, t.IndexNo)
				rep.Report(lead.At("repeals"), diag.RuleRepealCycle, strings.Join(names, " → "))
			}
		}
		path = path[:len(path)-1]
		state[e] = done
	}
	for _, e := range entries {
		if state[e] == unseen {
			visit(e)
		}
	}
}
