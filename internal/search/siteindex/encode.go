package siteindex

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"unicode/utf8"
)

// Numbers in postings are written as variable-length digits of five bits,
// least significant first: a continuation digit from cont for every group
// but the last, which comes from last. Both alphabets are plain ASCII that
// needs no escaping in a JSON string, so a posting list is a short string
// that gzip compresses well.
const (
	cont = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"
	last = "ghijklmnopqrstuvwxyz0123456789+/"
)

// digitOf gives each digit's five bits, plus isCont for one from cont. It
// is never written after it is made.
var digitOf = func() (t [256]byte) {
	for i := range 32 {
		t[cont[i]] = byte(i) | isCont
		t[last[i]] = byte(i)
	}
	return t
}()

const isCont = 32

func putNum(b []byte, v int) []byte {
	for v >= 32 {
		b = append(b, cont[v&31])
		v >>= 5
	}
	return append(b, last[v])
}

// Columns of small numbers, one fixed-width group of digits per document.
const digits64 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

// column writes vals at the width the largest needs, returning the width.
func column(vals []int) (string, int) {
	w, top := 1, 64
	for _, v := range vals {
		for v >= top {
			w++
			top *= 64
		}
	}
	b := make([]byte, 0, w*len(vals))
	for _, v := range vals {
		for i := w - 1; i >= 0; i-- {
			d := v
			for range i {
				d /= 64
			}
			b = append(b, digits64[d%64])
		}
	}
	return string(b), w
}

// fnv32a is the hash that puts a term in its shard; search.js has the same.
func fnv32a(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// script is a classic script that hands data to the page's search engine:
// gongkaiSearch.load("id", data). It loads from file:// and any host.
func script(id string, data any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("gongkaiSearch.load(")
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(id); err != nil {
		return nil, err
	}
	b.Truncate(b.Len() - 1)
	b.WriteByte(',')
	if err := enc.Encode(data); err != nil {
		return nil, err
	}
	b.Truncate(b.Len() - 1)
	b.WriteString(");\n")
	return b.Bytes(), nil
}

// hashName is a content-hashed file name: prefix.hash.js.
func hashName(prefix string, data []byte) (name, hash string) {
	sum := sha256.Sum256(data)
	hash = hex.EncodeToString(sum[:4])
	return prefix + "." + hash + ".js", hash
}

// The scripts written for every term file and passage are built by hand,
// as encoding/json would write them, without its reflection.

// openScript starts gongkaiSearch.load("id", …: the data follows, then
// closeScript.
func openScript(b []byte, id string) []byte {
	b = append(b, "gongkaiSearch.load("...)
	b = appendString(b, id)
	return append(b, ',')
}

func closeScript(b []byte) []byte { return append(b, ");\n"...) }

// appendString appends s as a JSON string, escaped as encoding/json does
// without HTML escaping: quotes, backslashes, control characters, invalid
// UTF-8 (as U+FFFD) and U+2028 and U+2029, which end a line in old scripts.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
