package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// records splits UTF-8 text into delimited records the way RFC 4180 and
// Excel do, leniently (a stray quote inside a field is kept), with caps:
// it never holds more than maxLine bytes of one record. encoding/csv has
// no such cap, which is why the readers do not use it.
type records struct {
	br      *bufio.Reader
	comma   byte
	maxLine int
	line    int // physical lines consumed so far

	buf    []byte   // the current record's field bytes
	ends   []int    // end offset of each field in buf
	fields []string // reused between calls

	// A quoted field left open at the end of the file would swallow every
	// line after its own. So the lines read inside a quoted field are kept
	// (up to maxSpanLines and maxLine bytes), and when the file ends
	// before the quote closes only the record's first line is refused and
	// the kept lines are read again as records of their own.
	span      [][]byte
	spanBytes int
	spanFirst int // line number of span[0]
	replay    [][]byte
}

// maxSpanLines bounds the lines one quoted field may span and still be
// read again when it turns out to be unclosed.
const maxSpanLines = 1000

// errRecordTooLong and errOpenQuote are the reasons a record is refused
// as a whole; the reader turns them into row errors.
var (
	errRecordTooLong = errors.New("record longer than the line limit")
	errOpenQuote     = errors.New("quoted field not closed before the end of the file")
	errNotQuoted     = errors.New("text after a closing quote")
)

// newRecordsFrom splits br, whose buffer must hold maxLine bytes.
func newRecordsFrom(br *bufio.Reader, comma byte, maxLine int) *records {
	return &records{br: br, comma: comma, maxLine: maxLine}
}

// next returns the fields of the next record that is not blank and the
// line it starts on. The slice and its strings are valid until the next
// call (the strings share one allocation). A refused record yields
// errRecordTooLong or errOpenQuote with its line; the next call goes on
// after it. The end of the text is io.EOF.
func (r *records) next() ([]string, int, error) {
	for {
		line, start, err := r.readLine()
		if err != nil {
			return nil, start, err
		}
		if len(trimEOL(line)) == 0 {
			continue
		}
		r.buf, r.ends = r.buf[:0], r.ends[:0]
		r.span, r.spanBytes = r.span[:0], 0
		if err := r.parse(line); err != nil {
			return nil, start, err
		}
		return r.split(), start, nil
	}
}

// readLine returns the next physical line with its line end. A line
// longer than the buffer is skipped to its end and reported.
func (r *records) readLine() ([]byte, int, error) {
	if len(r.replay) > 0 {
		line := r.replay[0]
		r.replay = r.replay[1:]
		r.line++
		return line, r.line, nil
	}
	line, err := r.br.ReadSlice('\n')
	if len(line) == 0 && err != nil {
		if err == bufio.ErrBufferFull {
			err = errRecordTooLong
		}
		return nil, r.line + 1, err
	}
	r.line++
	if err == bufio.ErrBufferFull {
		for err == bufio.ErrBufferFull {
			_, err = r.br.ReadSlice('\n')
		}
		if err != nil && err != io.EOF {
			return nil, r.line, err
		}
		return nil, r.line, errRecordTooLong
	}
	if err != nil && err != io.EOF {
		return nil, r.line, err
	}
	return line, r.line, nil
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte{'\n'})
	return bytes.TrimSuffix(b, []byte{'\r'})
}

// parse splits one record that starts with line into r.buf and r.ends,
// reading more lines while a quoted field spans them.
func (r *records) parse(line []byte) error {
	tooLong := false
	add := func(b ...byte) {
		if len(r.buf)+len(b) > r.maxLine {
			tooLong = true
			return
		}
		r.buf = append(r.buf, b...)
	}
	for {
		if len(line) == 0 || line[0] != '"' {
			field := line
			i := bytes.IndexByte(line, r.comma)
			if i >= 0 {
				field, line = line[:i], line[i+1:]
			} else {
				field, line = trimEOL(line), nil
			}
			add(field...)
			r.ends = append(r.ends, len(r.buf))
			if i < 0 {
				return r.result(tooLong)
			}
			continue
		}
		var err error
		mark := len(r.buf)
		rest, err := r.quoted(line[1:], add)
		if err == errNotQuoted {
			r.buf = r.buf[:mark]
			i := bytes.IndexByte(line, r.comma)
			if i < 0 {
				add(trimEOL(line)...)
				r.ends = append(r.ends, len(r.buf))
				return r.result(tooLong)
			}
			add(line[:i]...)
			r.ends = append(r.ends, len(r.buf))
			line = line[i+1:]
			continue
		}
		line = rest
		r.ends = append(r.ends, len(r.buf))
		if err != nil {
			return err
		}
		if line == nil {
			return r.result(tooLong)
		}
	}
}

func (r *records) result(tooLong bool) error {
	if tooLong {
		return errRecordTooLong
	}
	return nil
}

// quoted consumes a quoted field's body (after its opening quote) and
// returns what follows its delimiter, or nil at the end of the record.
func (r *records) quoted(line []byte, add func(...byte)) ([]byte, error) {
	for {
		i := bytes.IndexByte(line, '"')
		if i < 0 {
			// The field goes on on the next line; its line end becomes LF.
			body := trimEOL(line)
			add(body...)
			if len(body) < len(line) {
				add('\n')
			}
			next, n, err := r.readLine()
			if err == io.EOF {
				r.replaySpan()
				return nil, errOpenQuote
			}
			if err != nil {
				return nil, err
			}
			r.keep(next, n)
			line = next
			continue
		}
		add(line[:i]...)
		rest := line[i+1:]
		switch {
		case len(rest) > 0 && rest[0] == '"':
			add('"')
			line = rest[1:]
		case len(rest) > 0 && rest[0] == r.comma:
			return rest[1:], nil
		case len(trimEOL(rest)) == 0:
			return nil, nil
		case len(r.span) == 0 && r.spanBytes == 0:
			// `"Best" mug`: text after the closing quote. The field was
			// never quoted; read it as plain text up to the delimiter.
			return nil, errNotQuoted
		default:
			// A quote inside the field, not doubled: keep it (Excel does).
			add('"')
			line = rest
		}
	}
}

// keep remembers a line read inside a quoted field, while within bounds.
func (r *records) keep(line []byte, n int) {
	if len(r.span) == 0 {
		r.spanFirst = n
	}
	if r.spanBytes < 0 || len(r.span) >= maxSpanLines || r.spanBytes+len(line) > r.maxLine {
		r.spanBytes = -1 // too much to keep: the lines are lost with the record
		return
	}
	r.span = append(r.span, bytes.Clone(line))
	r.spanBytes += len(line)
}

// replaySpan queues the kept lines to be read again.
func (r *records) replaySpan() {
	if len(r.span) == 0 || r.spanBytes < 0 {
		return
	}
	r.replay = append(r.span[:len(r.span):len(r.span)], r.replay...)
	r.line = r.spanFirst - 1
	r.span = nil
}

// split makes one string of the record and slices it into fields.
func (r *records) split() []string {
	s := string(r.buf)
	r.fields = r.fields[:0]
	start := 0
	for _, end := range r.ends {
		r.fields = append(r.fields, s[start:end])
		start = end
	}
	return r.fields
}
