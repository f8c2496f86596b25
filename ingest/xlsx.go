package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// openXLSX reads a workbook. excelize needs the whole zip in memory
// (OpenReader reads it all), so the upload is capped first; then every
// part is unpacked once, counting real bytes rather than trusting the
// sizes the zip declares, so that a zip bomb is refused before excelize
// sees it.
//
// Every part then stays in memory: a workbook holds buyers' names and
// addresses, and excelize would otherwise unpack any part larger than
// its UnzipXMLSizeLimit (16 MiB by default) into a clear file in the
// temporary folder, left there for good if the process dies. With that
// limit equal to UnzipSizeLimit no part can pass it (excelize refuses the
// workbook first), so a workbook within MaxXLSXUnzipped is read in memory
// (about 2.3 times its unpacked size, live) and a larger one is refused;
// none touches the disk. A text export (CSV) of the same sheet streams in
// bounded memory, whatever its size.
func openXLSX(raw *bufio.Reader, opts Options) (rd *Reader, err error) {
	defer unreadable(&err)
	data, err := io.ReadAll(io.LimitReader(raw, opts.MaxXLSXBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > opts.MaxXLSXBytes {
		return nil, &FormatError{Err: ErrTooLarge, Reason: "workbook larger than " + strconv.FormatInt(opts.MaxXLSXBytes, 10) + " bytes"}
	}
	if err := checkUnzipped(data, opts.MaxXLSXUnzipped); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    opts.MaxXLSXUnzipped,
		UnzipXMLSizeLimit: opts.MaxXLSXUnzipped, // never a temporary file: see above
	})
	if err != nil {
		return nil, &FormatError{Err: ErrUnknownFormat, Reason: "not a readable XLSX workbook"}
	}
	rd, err = findSheet(f, opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	return rd, nil
}

// unreadable turns a panic inside excelize, on a workbook malformed in a
// way it does not check, into the error for an unreadable workbook: no
// upload may bring the host process down.
func unreadable(err *error) {
	if recover() != nil {
		*err = &FormatError{Err: ErrUnknownFormat, Reason: "not a readable XLSX workbook"}
	}
}

// checkUnzipped unpacks every part to nowhere and refuses the workbook
// when their sum passes limit, or when it is not a zip at all.
func checkUnzipped(data []byte, limit int64) error {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return &FormatError{Err: ErrUnknownFormat, Reason: "not a readable XLSX workbook"}
	}
	var total int64
	for _, zf := range z.File {
		rc, err := zf.Open()
		if err != nil {
			return &FormatError{Err: ErrUnknownFormat, Reason: "not a readable XLSX workbook"}
		}
		n, err := io.Copy(io.Discard, io.LimitReader(rc, limit-total+1))
		rc.Close()
		total += n
		if total > limit {
			return &FormatError{Err: ErrTooLarge, Reason: "the workbook unpacks to more than " + strconv.FormatInt(limit>>20, 10) +
				" MiB; save the sheet as CSV, which has no such limit"}
		}
		if err != nil {
			return &FormatError{Err: ErrUnknownFormat, Reason: "not a readable XLSX workbook"}
		}
	}
	return nil
}

// findSheet reads the first sheet whose header names a known format.
func findSheet(f *excelize.File, opts Options) (*Reader, error) {
	var first error
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.Rows(sheet)
		if err != nil {
			continue
		}
		src := &sheetRows{rows: rows, maxCells: opts.MaxXLSXCells}
		rd := &Reader{opts: opts, src: src}
		err = rd.start()
		if err == nil {
			switch m := rd.mapper.(type) {
			case *templateMapper:
				m.serials, m.date1904 = true, date1904
			case *vtrMapper:
				m.serials, m.date1904 = true, date1904
			}
			rd.close = func() error { rows.Close(); return f.Close() }
			return rd, nil
		}
		rows.Close()
		if first == nil || errors.Is(first, ErrNoHeader) {
			first = err
		}
	}
	if first == nil {
		first = &FormatError{Err: ErrNoHeader}
	}
	return nil, first
}

// sheetRows yields a worksheet's rows through excelize's streaming
// iterator, counting cells (and rows, which cost time even when empty)
// against a cap.
type sheetRows struct {
	rows     *excelize.Rows
	line     int
	cells    int64
	maxCells int64
}

func (s *sheetRows) next() (cols []string, line int, err error) {
	defer unreadable(&err)
	for s.rows.Next() {
		s.line++
		cols, err := s.rows.Columns()
		if err != nil {
			return nil, s.line, &FormatError{Err: ErrUnknownFormat, Reason: "worksheet is not readable"}
		}
		s.cells += int64(len(cols)) + 1
		if s.cells > s.maxCells {
			return nil, s.line, &FormatError{Err: ErrTooLarge, Reason: "more than " + strconv.FormatInt(s.maxCells, 10) + " cells"}
		}
		if blank(cols) {
			continue
		}
		return cols, s.line, nil
	}
	if err := s.rows.Error(); err != nil {
		return nil, s.line, &FormatError{Err: ErrUnknownFormat, Reason: "worksheet is not readable"}
	}
	return nil, s.line, io.EOF
}

func blank(cols []string) bool {
	for _, c := range cols {
		if c != "" {
			return false
		}
	}
	return true
}
