package static

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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
