package serve

import (
	"net"
	"net/http"
	"strings"
)

// hostGuard answers only requests whose Host names this machine's loopback
// (localhost, *.localhost, 127.0.0.0/8, [::1]) or the address listened on,
// so that a page of another site whose name was pointed at this machine
// (DNS rebinding) cannot read the preview. Others get 421 Misdirected
// Request.
func hostGuard(listen string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowedHost(r.Host, listen) {
			http.Error(w, "421 misdirected request: the preview answers only localhost and the address it listens on", http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// allowedHost reports whether a Host header value names the loopback or
// listen (host:port). Listening on all addresses (0.0.0.0, ::), any IP
// address with the port of listen is allowed: a name that is not an
// address is what DNS rebinding needs.
func allowedHost(host, listen string) bool {
	name, port, err := net.SplitHostPort(host)
	if err != nil {
		name, port = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"), ""
	}
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return true
	}
	ip := net.ParseIP(name)
	if ip != nil && ip.IsLoopback() {
		return true
	}
	lhost, lport, err := net.SplitHostPort(listen)
	if err != nil || ip == nil || port != lport {
		return false
	}
	lip := net.ParseIP(lhost)
	return lip != nil && (lip.Equal(ip) || lip.IsUnspecified())
}
