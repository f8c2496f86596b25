package ingest

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding names the character encoding a text file was read in.
type Encoding string

// The encodings the readers recognise. Excel writes UTF-8 with a BOM ("CSV
// UTF-8"), UTF-16 with a BOM ("Unicode text") or the Windows code page of
// the machine ("CSV"), which is Windows-1252 in Western Europe (Microsoft
// Support, "File formats that are supported in Excel").
const (
	UTF8        Encoding = "utf-8"
	UTF8BOM     Encoding = "utf-8-bom"
	UTF16LE     Encoding = "utf-16le"
	UTF16BE     Encoding = "utf-16be"
	Windows1252 Encoding = "windows-1252"
)

// sniffSize is how much of the start of a file the encoding guess looks
// at. A file that is valid UTF-8 there is read as UTF-8 to the end.
const sniffSize = 64 << 10

// decodeText returns a reader of UTF-8 text for raw, with LF or CRLF line
// ends, and the encoding it found. raw must be positioned at the start.
func decodeText(raw *bufio.Reader) (io.Reader, Encoding) {
	peek, _ := raw.Peek(sniffSize)
	lineEnds := func(r io.Reader) io.Reader {
		if macLineEnds(peek) {
			return crToLF{r}
		}
		return r
	}
	switch head := peek; {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		raw.Discard(3)
		return lineEnds(raw), UTF8BOM
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return lineEnds(utf16Reader(raw, unicode.LittleEndian)), UTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return lineEnds(utf16Reader(raw, unicode.BigEndian)), UTF16BE
	}
	if e, ok := bomlessUTF16(peek); ok {
		enc := UTF16LE
		if e == unicode.BigEndian {
			enc = UTF16BE
		}
		return lineEnds(utf16Reader(raw, e)), enc
	}
	if validUTF8Prefix(peek, len(peek) < sniffSize) {
		return lineEnds(raw), UTF8
	}
	return lineEnds(transform.NewReader(raw, charmap.Windows1252.NewDecoder())), Windows1252
}

func utf16Reader(r io.Reader, e unicode.Endianness) io.Reader {
	return transform.NewReader(r, unicode.UTF16(e, unicode.UseBOM).NewDecoder())
}

// bomlessUTF16 recognises UTF-16 without a BOM by its zero bytes: text in
// Latin script has a zero in every other byte.
func bomlessUTF16(p []byte) (unicode.Endianness, bool) {
	if len(p) < 8 {
		return unicode.BigEndian, false
	}
	var even, odd int
	for i := 0; i+1 < len(p); i += 2 {
		if p[i] == 0 {
			even++
		}
		if p[i+1] == 0 {
			odd++
		}
	}
	pairs := len(p) / 2
	switch {
	case odd*10 >= pairs*9 && even == 0:
		return unicode.LittleEndian, true
	case even*10 >= pairs*9 && odd == 0:
		return unicode.BigEndian, true
	}
	return unicode.BigEndian, false
}

// validUTF8Prefix reports whether p is UTF-8, allowing a rune cut at the
// end when p is only the start of the file.
func validUTF8Prefix(p []byte, whole bool) bool {
	if !whole {
		for i := 0; i < utf8.UTFMax && len(p) > 0; i++ {
			if utf8.Valid(p) {
				return true
			}
			p = p[:len(p)-1]
		}
	}
	return utf8.Valid(p)
}

// macLineEnds reports whether a file uses lone CRs (classic Mac OS) for
// line ends: CRs and not a single LF in its start.
func macLineEnds(peek []byte) bool {
	return bytes.IndexByte(peek, '\r') >= 0 && bytes.IndexByte(peek, '\n') < 0
}

// crToLF maps every CR to LF, for files with Mac line ends.
type crToLF struct{ r io.Reader }

func (c crToLF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}
