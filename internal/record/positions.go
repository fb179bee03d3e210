package record

import "github.com/gongkai/gongkai/internal/diag"

// Positions says where in a record's file each field's value is, by
// English key (and "alias:A", "attachment:F" for each alias and
// attachment). A record has a score of them and a catalogue a hundred
// thousand records: a list of lines and columns takes a third of the
// memory of a map of diag.Pos, which repeats the file's path in each.
type Positions []FieldPos

// FieldPos is where the value of one field is.
type FieldPos struct {
	Key       string
	Line, Col int32
}

// set records where key's value is, in place of any earlier position.
func (ps *Positions) set(key string, p diag.Pos) {
	f := FieldPos{Key: key, Line: int32(p.Line), Col: int32(p.Col)}
	for i := range *ps {
		if (*ps)[i].Key == key {
			(*ps)[i] = f
			return
		}
	}
	*ps = append(*ps, f)
}

// Has reports whether the record gives key.
func (ps Positions) Has(key string) bool {
	_, ok := ps.find(key)
	return ok
}

func (ps Positions) find(key string) (FieldPos, bool) {
	for _, f := range ps {
		if f.Key == key {
			return f, true
		}
	}
	return FieldPos{}, false
}

// Where is the position of key's value in the record's file, if it gives
// key.
func (r *Record) Where(key string) (diag.Pos, bool) {
	f, ok := r.Pos.find(key)
	if !ok {
		return diag.Pos{}, false
	}
	return diag.Pos{Path: r.Path, Line: int(f.Line), Col: int(f.Col)}, true
}
