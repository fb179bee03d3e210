package importer

import "testing"

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"2024-03-08", "2024-03-08", true},
		{"2024/3/8", "2024-03-08", true},
		{"2024.3.8", "2024-03-08", true},
		{"2024年3月8日", "2024-03-08", true},
		{" 2024 年 3 月 8 日 ", "2024-03-08", true},
		{"2024-03-08 09:30:00", "2024-03-08", true},
		{"2024/3/8 9:30", "2024-03-08", true},
		{"20240308", "2024-03-08", true},
		{"45359", "2024-03-08", true},
		{"45359.75", "2024-03-08", true},
		{"18264", "1950-01-01", true},
		{"", "", true},
		{"2024-02-30", "", false},
		{"2023年2月29日", "", false},
		{"2024-13-01", "", false},
		{"2024", "", false},
		{"3/8/2024", "", false},
		{"去年", "", false},
		{"-45359", "", false},
		{"1e10", "", false},
	} {
		got, ok := ParseDate(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseDate(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-03-08", "2024年3月8日", "45359", "20240308", "2024/3/8 9:30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s)
		if !ok && d != "" || ok && d != "" && len(d) != 10 {
			t.Fatalf("ParseDate(%q) = %q, %v", s, d, ok)
		}
		if ok && d != "" {
			if again, ok2 := ParseDate(d); !ok2 || again != d {
				t.Fatalf("ParseDate(%q) = %q, but that reads as %q, %v", s, d, again, ok2)
			}
		}
	})
}
