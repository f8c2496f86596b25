package vat

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"time"
)

// The XML namespaces of the ECB's reference-rate files. Elements are matched
// by namespace and local name, never by prefix: "gesmes:" and the default
// namespace are only what the ECB happens to write.
const (
	ECBNamespace    = "http://www.ecb.int/vocabulary/2002-08-01/eurofxref"
	GesmesNamespace = "http://www.gesmes.org/xml/2002-08-01"
)

// ecbMaxQuotes bounds the rates one document may hold: the full history since
// 1999 has about 200 000, so this leaves ample room and still bounds memory.
const ecbMaxQuotes = 4 << 20

// ErrECBFormat is the sentinel for a document [ParseECB] cannot read; every
// [*ECBFormatError] unwraps to it.
var ErrECBFormat = errors.New("vat: malformed ECB reference-rate document")

// ECBFormatError reports where and why an ECB document is malformed. Line and
// Column count from 1 and point at (or just after) the offending token.
type ECBFormatError struct {
	Line, Column int
	Reason       string
	Err          error // the XML syntax error, if that is the cause
}

func (e *ECBFormatError) Error() string {
	return fmt.Sprintf("vat: ECB rates line %d, column %d: %s", e.Line, e.Column, e.Reason)
}

// Unwrap returns ErrECBFormat and the XML error, if any.
func (e *ECBFormatError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrECBFormat, e.Err}
	}
	return []error{ErrECBFormat}
}

// ParseECB reads an ECB euro reference-rate document — eurofxref-daily.xml,
// eurofxref-hist-90d.xml or eurofxref-hist.xml — into an [FXTable]. It streams
// the XML token by token, so the 30-MB history is never held as a tree; the
// table itself keeps 16 bytes a rate.
//
// The document must be a gesmes Envelope holding, in the eurofxref namespace,
// a Cube of Cubes with a time attribute (YYYY-MM-DD) each holding Cubes with
// currency and rate attributes. Elements of other namespaces are skipped.
// Anything else — bad XML, a malformed date, currency or rate, a day or a
// currency given twice, no rates at all — is an [*ECBFormatError] with its
// position.
func ParseECB(r io.Reader) (*FXTable, error) {
	p := ecbParser{d: xml.NewDecoder(r), b: newFXBuilder(), daySeen: make(map[int32]struct{})}
	if err := p.run(); err != nil {
		return nil, err
	}
	t, err := p.b.finish()
	if err != nil {
		return nil, p.errf("%v", err)
	}
	return t, nil
}

type ecbParser struct {
	d       *xml.Decoder
	b       *fxBuilder
	depth   int // element depth, the root being 1
	cubes   int // how many eurofxref Cubes are open
	day     int32
	daySeen map[int32]struct{}
	curSeen map[string]struct{} // currencies of the current day
	quotes  int
	root    bool
}

func (p *ecbParser) run() error {
	for {
		tok, err := p.d.Token()
		if err == io.EOF {
			return p.end()
		}
		if err != nil {
			return p.syntax(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := p.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			p.depth--
			if t.Name.Space == ECBNamespace && t.Name.Local == "Cube" {
				p.cubes--
			}
		}
	}
}

func (p *ecbParser) end() error {
	if !p.root {
		return p.errf("no gesmes Envelope element")
	}
	if p.quotes == 0 {
		return p.errf("no reference rates in the document")
	}
	return nil
}

func (p *ecbParser) start(t xml.StartElement) error {
	p.depth++
	if p.depth == 1 {
		if t.Name.Space != GesmesNamespace || t.Name.Local != "Envelope" {
			return p.errf("root element is {%s}%s, want a gesmes Envelope", t.Name.Space, t.Name.Local)
		}
		p.root = true
		return nil
	}
	if t.Name.Space != ECBNamespace || t.Name.Local != "Cube" {
		return nil
	}
	p.cubes++
	switch p.cubes {
	case 1:
		return nil
	case 2:
		return p.dayCube(t.Attr)
	case 3:
		return p.rateCube(t.Attr)
	}
	return p.errf("Cube elements nested %d deep, want at most 3", p.cubes)
}

// dayCube opens a publication day: <Cube time="2024-06-28">.
func (p *ecbParser) dayCube(attrs []xml.Attr) error {
	s, ok := attr(attrs, "time")
	if !ok {
		return p.errf("Cube without a time attribute where a day is expected")
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return p.errf("time %q is not a date YYYY-MM-DD", s)
	}
	p.day = dayNumber(d)
	if _, dup := p.daySeen[p.day]; dup {
		return p.errf("day %s appears twice", s)
	}
	p.daySeen[p.day] = struct{}{}
	if p.curSeen == nil {
		p.curSeen = make(map[string]struct{}, 32)
	}
	clear(p.curSeen)
	return nil
}

// rateCube records one rate: <Cube currency="USD" rate="1.0705"/>.
func (p *ecbParser) rateCube(attrs []xml.Attr) error {
	cur, ok1 := attr(attrs, "currency")
	rate, ok2 := attr(attrs, "rate")
	if !ok1 || !ok2 {
		return p.errf("Cube without currency and rate attributes inside a day")
	}
	if !isCurrencyCode(cur) {
		return p.errf("currency %q is not three upper-case letters other than EUR", cur)
	}
	mant, exp, ok := parseRate(rate)
	if !ok {
		return p.errf("rate %q for %s is not a positive decimal number", rate, cur)
	}
	if _, dup := p.curSeen[cur]; dup {
		return p.errf("%s appears twice on %s", cur, dayString(p.day))
	}
	p.curSeen[cur] = struct{}{}
	if p.quotes++; p.quotes > ecbMaxQuotes {
		return p.errf("more than %d rates", ecbMaxQuotes)
	}
	p.b.add(cur, p.day, mant, exp)
	return nil
}

func (p *ecbParser) errf(format string, args ...any) error {
	line, col := p.d.InputPos()
	return &ECBFormatError{Line: line, Column: col, Reason: fmt.Sprintf(format, args...)}
}

func (p *ecbParser) syntax(err error) error {
	line, col := p.d.InputPos()
	reason := "XML error"
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		reason = "XML syntax error: " + se.Msg
	}
	return &ECBFormatError{Line: line, Column: col, Reason: reason, Err: err}
}

// attr returns the value of the attribute with the given local name and no
// namespace (unprefixed attributes have none).
func attr(attrs []xml.Attr, local string) (string, bool) {
	for _, a := range attrs {
		if a.Name.Space == "" && a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// parseRate reads a plain positive decimal ("1.0705", "171.94", "17487.21")
// as mant × 10^exp without allocating. It refuses signs, exponents, spaces,
// zero and more than 18 digits.
func parseRate(s string) (mant int64, exp int32, ok bool) {
	digits, frac, dot := 0, 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' && !dot && i > 0 && i < len(s)-1:
			dot = true
		case c >= '0' && c <= '9':
			if digits++; digits > 18 {
				return 0, 0, false
			}
			mant = mant*10 + int64(c-'0')
			if dot {
				frac++
			}
		default:
			return 0, 0, false
		}
	}
	if mant == 0 {
		return 0, 0, false
	}
	return mant, int32(-frac), true
}
