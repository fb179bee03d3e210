package importer

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

var dateRE = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$`)

// excelEpoch is day 0 of Excel's 1900 date system for serials from 61 on
// (after its fictitious 29 February 1900).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// ParseDate reads the date forms of spreadsheet exports: 2024-03-08,
// 2024/3/8, 2024.3.8, 2024年3月8日, 20240308 (each optionally with a time of day) and
// Excel serial day numbers (45359, 45359.5). It returns "" for an empty
// value and ok false for one it cannot read or that is no real date.
func ParseDate(s string) (date string, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	if m := dateRE.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
			return "", false
		}
		return t.Format(time.DateOnly), true
	}
	if len(s) == 8 && strings.Trim(s, "0123456789") == "" { // 20240308
		return ParseDate(s[:4] + "-" + s[4:6] + "-" + s[6:])
	}
	// Serials from 1950 (18264) to 9999: a smaller number is more likely a
	// year or a mistake than a date of a government document.
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 18264 && f < 2958466 {
		return excelEpoch.AddDate(0, 0, int(f)).Format(time.DateOnly), true
	}
	return "", false
}
