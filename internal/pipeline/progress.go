package pipeline

import "time"

// Stage names a stage of a run.
type Stage string

// The stages of a run, in the order they run.
const (
	StageLoad      Stage = "load"      // read content/
	StageDecode    Stage = "decode"    // decode and validate the records
	StageCatalogue Stage = "catalogue" // join them into the catalogue
	StageAnnual    Stage = "reports"   // analyse the annual reports
	StageRender    Stage = "render"    // the static files and every page
	StageSearch    Stage = "search"    // the search index
	StageWrite     Stage = "write"     // put the output in place
)

// Stages lists the stages of a run in the order they run.
func Stages() []Stage {
	return []Stage{StageLoad, StageDecode, StageCatalogue, StageAnnual, StageRender, StageSearch, StageWrite}
}

// Progress is told how a run advances. Its methods may be called from
// several goroutines at once.
type Progress interface {
	// Begin says stage s began, and how many items (files, records) it
	// will do: 0 if not known.
	Begin(s Stage, total int)
	// Done says n more items of the stage under way are done.
	Done(n int)
}

// Timing is what one stage of a run took.
type Timing struct {
	Stage Stage
	Wall  time.Duration
	// PeakRSS is the most memory the process has held at once (its peak
	// resident set size, from getrusage) by the end of the stage, in
	// bytes; 0 where the system does not say.
	PeakRSS int64
}

// tracker times the stages of a run and tells its Progress.
type tracker struct {
	progress Progress // nil: none
	timings  []Timing
	stage    Stage
	start    time.Time
}

// begin ends the stage under way, if any, and starts stage s of total items.
func (t *tracker) begin(s Stage, total int) {
	t.end()
	t.stage, t.start = s, time.Now()
	if t.progress != nil {
		t.progress.Begin(s, total)
	}
}

// done counts n items of the stage under way.
func (t *tracker) done(n int) {
	if t.progress != nil {
		t.progress.Done(n)
	}
}

// tick counts one item; nil without a Progress, for callers that skip it.
func (t *tracker) tick() func() {
	if t.progress == nil {
		return nil
	}
	return func() { t.progress.Done(1) }
}

// end records the time of the stage under way, if any.
func (t *tracker) end() {
	if t.stage == "" {
		return
	}
	t.timings = append(t.timings, Timing{Stage: t.stage, Wall: time.Since(t.start), PeakRSS: peakRSS()})
	t.stage = ""
}
