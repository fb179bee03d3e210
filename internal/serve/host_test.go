package serve

import "testing"

func TestAllowedHost(t *testing.T) {
	for _, c := range []struct {
		host, listen string
		ok           bool
	}{
		{"localhost:1313", "127.0.0.1:1313", true},
		{"localhost", "127.0.0.1:1313", true},
		{"LOCALHOST.:1313", "127.0.0.1:1313", true},
		{"preview.localhost:1313", "127.0.0.1:1313", true},
		{"127.0.0.1:1313", "127.0.0.1:1313", true},
		{"127.0.0.1", "127.0.0.1:1313", true},
		{"127.1.2.3:9", "127.0.0.1:1313", true},
		{"[::1]:1313", "127.0.0.1:1313", true},
		{"[::1]", "127.0.0.1:1313", true},
		{"evil.example:1313", "127.0.0.1:1313", false},
		{"evil.example", "127.0.0.1:1313", false},
		{"localhost.evil.example:1313", "127.0.0.1:1313", false},
		{"127.0.0.1.nip.io:1313", "127.0.0.1:1313", false},
		{"", "127.0.0.1:1313", false},
		{"192.168.1.5:1313", "127.0.0.1:1313", false},
		// --bind 192.168.1.5: that address with its port, and the loopback.
		{"192.168.1.5:1313", "192.168.1.5:1313", true},
		{"192.168.1.5:80", "192.168.1.5:1313", false},
		{"192.168.1.6:1313", "192.168.1.5:1313", false},
		{"gk.example.gov.cn:1313", "192.168.1.5:1313", false},
		// --bind 0.0.0.0: any address of this machine, never a name.
		{"10.0.0.7:1313", "0.0.0.0:1313", true},
		{"[fe80::1]:1313", "[::]:1313", true},
		{"evil.example:1313", "0.0.0.0:1313", false},
		{"10.0.0.7:1314", "0.0.0.0:1313", false},
	} {
		if got := allowedHost(c.host, c.listen); got != c.ok {
			t.Errorf("allowedHost(%q, %q) = %v, want %v", c.host, c.listen, got, c.ok)
		}
	}
}
