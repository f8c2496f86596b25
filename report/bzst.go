package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// BZStMaxRows is the most data rows one BZSt OSS CSV file may hold.
const BZStMaxRows = 6000

// BZStVersion is the version line the files start with.
//
// Unverified: the BZSt's guide of 2022 shows "#v1.0"; version 2.0 (UTF-8
// only, no zero amounts) is documented, its exact header line is not in
// any public source found. Check the current ELSTER help before uploading.
const BZStVersion = "#v2.0"

// ErrBZStTooLarge is returned by WriteBZSt for a return that needs more than
// one file; use BZStFiles.
var ErrBZStTooLarge = errors.New("report: the return needs more than one BZSt file")

// WriteBZSt writes r in the CSV layout of the BZSt's OSS (Union scheme)
// upload, for a return whose member state of identification is DE.
//
// The layout (vat-rules §3.3(b)): a version line, then per member state of
// consumption a record 1 (country) followed by its lines: 2 services from
// Germany, 3 goods from Germany, 5 goods dispatched from another member
// state ("1" for an own supply, the dispatch country and the seller's VAT
// number there). Rate types are STANDARD or REDUCED; amounts and rates use
// a decimal point, UTF-8, comma-separated.
//
// Not written, because their layout is not public: corrections of earlier
// periods (enter them in the BZSt portal) and record 4 (services from a
// fixed establishment, which [OSS] does not produce). Version 2.0 refuses
// zero amounts: a line with a zero taxable amount or VAT is written and
// will be refused by the portal; check such lines first.
func WriteBZSt(w io.Writer, r *OSSReturn) error {
	files, err := BZStFiles(r, BZStMaxRows)
	if err != nil {
		return err
	}
	if len(files) > 1 {
		return fmt.Errorf("%w: %d files", ErrBZStTooLarge, len(files))
	}
	_, err = w.Write(files[0])
	return err
}

// BZStFiles returns the return as BZSt CSV files of at most maxRows data
// rows each (BZStMaxRows when maxRows <= 0). A member state of consumption
// whose lines continue into the next file has its record 1 repeated there.
func BZStFiles(r *OSSReturn, maxRows int) ([][]byte, error) {
	if r.Scheme != SchemeUnion {
		return nil, fmt.Errorf("report: the BZSt layout is for Union-scheme returns, not %s", r.Scheme.title())
	}
	if r.MSID != "DE" {
		return nil, fmt.Errorf("report: the BZSt layout is for returns identified in DE, not %s", r.MSID)
	}
	if maxRows <= 0 || maxRows > BZStMaxRows {
		maxRows = BZStMaxRows
	}
	maxRows = max(maxRows, 2) // room for a record 1 and one line
	var files [][]byte
	var buf bytes.Buffer
	rows := 0
	country := ""
	flush := func() {
		files = append(files, bytes.Clone(buf.Bytes()))
		buf.Reset()
		rows = 0
	}
	buf.WriteString(BZStVersion + "\n")
	for _, l := range r.Lines {
		need := 1
		if string(l.Country) != country || rows == 0 {
			need = 2
		}
		if rows+need > maxRows {
			flush()
			buf.WriteString(BZStVersion + "\n")
			need = 2
		}
		if need == 2 {
			country = string(l.Country)
			fmt.Fprintf(&buf, "1,%s\n", country)
			rows++
		}
		buf.WriteString(bzstLine(r, l))
		rows++
	}
	flush()
	return files, nil
}

func bzstLine(r *OSSReturn, l OSSLine) string {
	kind := strings.ToUpper(l.RateTypeName())
	amounts := fmt.Sprintf("%s,%s,%s,%s", kind, l.Rate.StringFixed(2), l.Taxable.StringFixed(2), l.VAT.StringFixed(2))
	switch {
	case l.DispatchedFrom != r.MSID:
		return fmt.Sprintf("5,%s,1,%s,%s,%s\n", l.Country, l.DispatchedFrom, l.OriginNumber.String(), amounts)
	case l.Supply == Services:
		return fmt.Sprintf("2,%s,%s\n", l.Country, amounts)
	}
	return fmt.Sprintf("3,%s,%s\n", l.Country, amounts)
}
