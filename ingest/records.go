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
}

// errRecordTooLong and errOpenQuote are the reasons a record is refused
// as a whole; the reader turns them into row errors.
var (
	errRecordTooLong = errors.New("record longer than the line limit")
	errOpenQuote     = errors.New("quoted field not closed before the end of the file")
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
		if err := r.parse(line); err != nil {
			return nil, start, err
		}
		return r.split(), start, nil
	}
}

// readLine returns the next physical line with its line end. A line
// longer than the buffer is skipped to its end and reported.
func (r *records) readLine() ([]byte, int, error) {
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
		line, err = r.quoted(line[1:], add)
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
			next, _, err := r.readLine()
			if err == io.EOF {
				return nil, errOpenQuote
			}
			if err != nil {
				return nil, err
			}
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
		default:
			// A quote inside the field, not doubled: keep it (Excel does).
			add('"')
			line = rest
		}
	}
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
