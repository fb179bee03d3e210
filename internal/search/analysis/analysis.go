// Package analysis owns the one definition of search terms shared by every
// search engine of gongkai: the bleve index of `gongkai search`, the
// index written with the site, and (ported line for line) the browser's
// static/js/search.js.
//
// The terms are those of bleve's CJK analysis: the unicode (UAX #29) word
// tokenizer, cjk_width folding, lowercasing and cjk_bigram with unigrams.
// Analyze is a fast, allocation-light implementation of exactly that chain;
// Bleve builds the same chain from bleve's own components, and the tests
// hold the two (and the JavaScript port) to the same output.
//
// It owns no index and reads no files.
package analysis

import (
	"unicode"
	"unicode/utf8"
)

// Kind says what a term is.
type Kind uint8

const (
	Word    Kind = iota // a Latin, digit or other non-CJK word, folded and lowercased
	Unigram             // one CJK character
	Bigram              // two adjacent CJK characters
)

// Token is one term with where it came from.
type Token struct {
	Term       string
	Kind       Kind
	Pos        int // 1-based, as bleve: each CJK character and each word takes one
	Start, End int // byte offsets in the analysed text
	// Edge is set on a unigram whose character touches a word: the word
	// ends where the character starts, or starts where it ends ("2024年",
	// "A股"). Only these unigrams' positions can matter to a phrase: in a
	// phrase a run of one CJK character sits beside a word, and longer runs
	// are made of bigrams.
	Edge bool
}

// Analyze calls fn for each token of text, in bleve's order.
func Analyze(text string, fn func(Token)) {
	pos := 1
	// prev is the pending CJK character of the current run; prevEdge says
	// whether it touches the word before it.
	prevStart, prevEnd := -1, -1
	prevEdge := false
	wordEnd := -1 // where the last word ended
	// flush emits the pending character; next is where the next word
	// starts, or -1.
	flush := func(next int) {
		if prevStart >= 0 {
			fn(Token{Term: text[prevStart:prevEnd], Kind: Unigram, Pos: pos, Start: prevStart, End: prevEnd, Edge: prevEdge || next == prevEnd})
			pos++
			prevStart, prevEnd = -1, -1
		}
	}
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if IsIdeo(r) {
			if prevStart >= 0 && prevEnd != i {
				flush(-1)
			}
			if prevStart >= 0 {
				fn(Token{Term: text[prevStart:prevEnd], Kind: Unigram, Pos: pos, Start: prevStart, End: prevEnd, Edge: prevEdge})
				fn(Token{Term: text[prevStart : i+n], Kind: Bigram, Pos: pos, Start: prevStart, End: i + n})
				pos++
				prevEdge = false
			} else {
				prevEdge = wordEnd == i
			}
			prevStart, prevEnd = i, i+n
			i += n
			continue
		}
		c := class(r)
		if c != aLetter && c != numeric && c != extendNumLet {
			i += n
			continue
		}
		end := wordEndAt(text, i)
		flush(i)
		fn(Token{Term: fold(text[i:end]), Kind: Word, Pos: pos, Start: i, End: end})
		pos++
		wordEnd = end
		i = end
	}
	flush(-1)
}

// IsIdeo reports whether r is a character bleve's tokenizer makes a CJK
// token of: ideographs (with 〇), Hiragana and Katakana.
func IsIdeo(r rune) bool {
	if r < 0x3000 {
		return false
	}
	if r >= 0x4E00 && r <= 0x9FFF { // CJK Unified Ideographs: the usual case
		return true
	}
	return unicode.Is(unicode.Ideographic, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)
}

// Word-break classes of UAX #29 that matter for words that are not CJK.
const (
	other = iota
	aLetter
	numeric
	extendNumLet
	midLetter
	midNum
	midNumLet
)

func class(r rune) int {
	switch {
	case r < 0x80:
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			return aLetter
		case r >= '0' && r <= '9':
			return numeric
		case r == '_':
			return extendNumLet
		case r == ':':
			return midLetter
		case r == ',' || r == ';':
			return midNum
		case r == '.' || r == '\'':
			return midNumLet
		}
		return other
	case IsIdeo(r), r >= 0xFF10 && r <= 0xFF19:
		// Full-width digits are not Numeric in UAX #29 (bleve drops them).
		return other
	case unicode.IsDigit(r):
		return numeric
	case unicode.IsLetter(r):
		return aLetter
	}
	switch r {
	case 0x00B7, 0x0387, 0x05F4, 0x2027, 0xFE13, 0xFE55, 0xFF1A:
		return midLetter
	case 0x037E, 0x0589, 0x060C, 0x060D, 0x066C, 0x07F8, 0x2044, 0xFE10, 0xFE14, 0xFE50, 0xFE54, 0xFF0C, 0xFF1B:
		return midNum
	case 0x2018, 0x2019, 0x2024, 0xFE52, 0xFF07, 0xFF0E:
		return midNumLet
	case 0x203F, 0x2040, 0x2054, 0xFE33, 0xFE34, 0xFE4D, 0xFE4E, 0xFE4F, 0xFF3F:
		return extendNumLet
	}
	return other
}

// wordEndAt is the end of the word that starts at i (UAX #29 rules WB5-WB13b
// for letters, digits and their joiners).
func wordEndAt(text string, i int) int {
	r, n := utf8.DecodeRuneInString(text[i:])
	last := class(r)
	j := i + n
	for j < len(text) {
		r, n := utf8.DecodeRuneInString(text[j:])
		if IsIdeo(r) {
			break
		}
		c := class(r)
		switch c {
		case aLetter, numeric, extendNumLet:
			last = c
			j += n
			continue
		case midLetter, midNum, midNumLet:
			if j+n >= len(text) {
				return j
			}
			r2, n2 := utf8.DecodeRuneInString(text[j+n:])
			if IsIdeo(r2) {
				return j
			}
			c2 := class(r2)
			letters := last == aLetter && c2 == aLetter && c != midNum
			digits := last == numeric && c2 == numeric && c != midLetter
			if letters || digits {
				last = c2
				j += n + n2
				continue
			}
		}
		break
	}
	return j
}

// fold applies cjk_width (full-width ASCII to ASCII) and lowercasing.
func fold(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c >= 'A' && c <= 'Z' {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	b := make([]rune, 0, len(s))
	for _, r := range s {
		b = append(b, FoldRune(r))
	}
	return string(b)
}

// FoldRune is the folding of one character: full-width ASCII variants to
// ASCII, then lower case.
func FoldRune(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFEE0
	}
	if r < 0x80 {
		if r >= 'A' && r <= 'Z' {
			return r + 32
		}
		return r
	}
	return unicode.ToLower(r)
}
