package breach

import (
	"runtime"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns s in form f, in a new slice of exactly the right size:
// the length is counted first, so that no append ever outgrows a buffer
// and leaves a partial copy of s behind where it cannot be wiped. The
// iterator's own buffer, which held pieces of s, is zeroed before return.
func Normalize(f norm.Form, s []byte) []byte {
	var it norm.Iter
	defer func() {
		it = norm.Iter{}
		runtime.KeepAlive(&it)
	}()
	n := 0
	for it.Init(f, s); !it.Done(); {
		n += len(it.Next())
	}
	out := make([]byte, 0, n)
	for it.Init(f, s); !it.Done(); {
		out = append(out, it.Next()...)
	}
	return out
}

// Lower returns s in lower case (unicode.ToLower per character; invalid
// UTF-8 becomes U+FFFD, as bytes.ToLower does), in a new slice of exactly
// the right size.
func Lower(s []byte) []byte {
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRune(s[i:])
		n += utf8.RuneLen(unicode.ToLower(r))
		i += size
	}
	out := make([]byte, 0, n)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRune(s[i:])
		out = utf8.AppendRune(out, unicode.ToLower(r))
		i += size
	}
	return out
}

// Fold returns the form passwords are compared in: NFKC, then lower case.
// The intermediate copy is wiped.
func Fold(s []byte) []byte {
	k := Normalize(norm.NFKC, s)
	defer clear(k)
	return Lower(k)
}
