package record

import "time"

// WorkingDays counts the working days (Monday to Friday) after from, up to and
// including to. Public holidays and their make-up working days are not known
// to it, so it can undercount late publications around holidays; it is used
// only for warnings.
func WorkingDays(from, to time.Time) int {
	if !to.After(from) {
		return 0
	}
	days := int(to.Sub(from).Hours()/24 + 0.5)
	weeks, rest := days/7, days%7
	n := weeks * 5
	wd := from.Weekday()
	for i := 0; i < rest; i++ {
		wd = (wd + 1) % 7
		if wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}
