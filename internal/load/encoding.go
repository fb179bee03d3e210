package load

import (
	"bytes"
	"unicode/utf8"
)

// Binary is the problem Text gives for data with NUL bytes.
const Binary = "binary"

// Text checks that data is UTF-8 text and returns it without a byte-order mark
// and with LF line endings. If it is not, problem names the likely encoding
// (or Binary), for a message that helps the editor re-save the file.
func Text(data []byte) (text []byte, problem string) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return nil, "UTF-16LE"
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return nil, "UTF-16BE"
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		if enc := utf16Guess(data); enc != "" {
			return nil, enc
		}
		return nil, Binary
	}
	if !utf8.Valid(data) {
		if looksGB(data) {
			return nil, "GBK/GB18030"
		}
		return nil, "an unknown encoding (not UTF-8, GBK or GB18030)"
	}
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	return data, ""
}

// utf16Guess recognises UTF-16 without a byte-order mark by the zero high
// bytes of ASCII characters (both line breaks and punctuation are ASCII).
func utf16Guess(data []byte) string {
	n := min(len(data)&^1, 512)
	var evenZero, oddZero int
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			evenZero++
		}
		if data[i+1] == 0 {
			oddZero++
		}
	}
	switch {
	case n == 0:
		return ""
	case oddZero*4 > n/2 && evenZero*8 < oddZero:
		return "UTF-16LE"
	case evenZero*4 > n/2 && oddZero*8 < evenZero:
		return "UTF-16BE"
	}
	return ""
}

// looksGB reports whether data is well formed as GBK/GB18030: ASCII bytes,
// two-byte sequences (lead 0x81-0xFE, trail 0x40-0xFE but 0x7F) and GB18030
// four-byte sequences, with at least one multi-byte character.
func looksGB(data []byte) bool {
	multi := false
	for i := 0; i < len(data); {
		b := data[i]
		switch {
		case b < 0x80:
			i++
			continue
		case b == 0x80 || b == 0xFF || i+1 >= len(data):
			return false
		}
		t := data[i+1]
		switch {
		case t >= 0x30 && t <= 0x39: // four-byte form
			if i+3 >= len(data) || data[i+2] < 0x81 || data[i+2] > 0xFE || data[i+3] < 0x30 || data[i+3] > 0x39 {
				return false
			}
			i += 4
		case t >= 0x40 && t <= 0xFE && t != 0x7F:
			i += 2
		default:
			return false
		}
		multi = true
	}
	return multi
}
