package deploy

import (
	"reflect"
	"strings"
	"testing"
)

// FuzzDecodeState: any bytes at StateKey give a state or an error, and a
// state survives encoding and decoding again.
func FuzzDecodeState(f *testing.F) {
	f.Add([]byte(`{"version":1,"objects":{"a.html":{"size":1,"sha256":"ab","headers":{"ContentType":"text/html"}}}}`))
	f.Add([]byte(`{"version":2}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := decodeState(data)
		if err != nil {
			return
		}
		enc, err := encodeState(s)
		if err != nil {
			t.Fatal(err)
		}
		again, err := decodeState(enc)
		if err != nil || (len(s) > 0 && !reflect.DeepEqual(s, again)) {
			t.Fatalf("round trip: %v\n%v\n%v", err, s, again)
		}
	})
}

// FuzzParseS3URL: a parsed target has a bucket and a prefix that is empty
// or ends in exactly one slash.
func FuzzParseS3URL(f *testing.F) {
	for _, s := range []string{"s3://b/p", "s3://b", "s3://b/p/q/", "http://b/p", "s3:///p", "s3://b//"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, p, err := ParseS3URL(s)
		if err != nil {
			return
		}
		if b == "" || (p != "" && (!strings.HasSuffix(p, "/") || strings.HasPrefix(p, "/"))) {
			t.Fatalf("%q: bucket %q prefix %q", s, b, p)
		}
		if p != "" && cleanKey(strings.TrimSuffix(p, "/")) != nil {
			t.Fatalf("%q: prefix %q has an empty, . or .. segment", s, p)
		}
	})
}

func TestParseS3URL(t *testing.T) {
	for _, tc := range []struct{ in, bucket, prefix string }{
		{"s3://b/p", "b", "p/"},
		{"s3://b", "b", ""},
		{"s3://b/p/q/", "b", "p/q/"},
		{"http://b/p", "", ""},
		{"s3:///p", "", ""},
		{"s3://b/pre/../../x", "", ""},
		{"s3://b/pre/%2e%2e/x", "", ""},
		{"s3://b/../x", "", ""},
		{"s3://b/a//b", "", ""},
		{"s3://b//a", "", ""},
		{"s3://b/./a", "", ""},
		{"s3://b/a/..", "", ""},
		{"s3://b/a..b/c.d", "b", "a..b/c.d/"},
	} {
		b, p, err := ParseS3URL(tc.in)
		if b != tc.bucket || p != tc.prefix || (err == nil) != (tc.bucket != "") {
			t.Errorf("ParseS3URL(%q) = %q, %q, %v", tc.in, b, p, err)
		}
	}
}
