package gen

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"io"
	"iter"
	"strconv"
)

// The fixed parts of a one-sheet workbook (ECMA-376 Part 1, §12.3: the
// package relationships, the workbook, its sheet and shared strings).
const (
	xlsxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
		`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
		`</Types>`
	xlsxRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
		`</Relationships>`
	xlsxWorkbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<sheets><sheet name="Transactions" sheetId="1" r:id="rId1"/></sheets></workbook>`
	xlsxWorkbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
		`</Relationships>`
)

// XLSX writes rows as a workbook of one sheet, "Transactions", every
// non-empty cell a shared string as Excel stores text. It writes the zip
// by hand, streaming the sheet, so that a workbook of any size costs the
// memory of its distinct strings only; excelize's own writer would spill
// large parts into the temporary folder, which tests watch.
func XLSX(w io.Writer, rows iter.Seq[[]string]) error {
	zw := zip.NewWriter(w)
	for _, p := range [][2]string{{"[Content_Types].xml", xlsxContentTypes}, {"_rels/.rels", xlsxRels},
		{"xl/workbook.xml", xlsxWorkbook}, {"xl/_rels/workbook.xml.rels", xlsxWorkbookRels}} {
		pw, err := zw.Create(p[0])
		if err != nil {
			return err
		}
		if _, err := io.WriteString(pw, p[1]); err != nil {
			return err
		}
	}
	pw, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	strs, err := writeSheet(pw, rows)
	if err != nil {
		return err
	}
	if pw, err = zw.Create("xl/sharedStrings.xml"); err != nil {
		return err
	}
	if err := writeSharedStrings(pw, strs); err != nil {
		return err
	}
	return zw.Close()
}

// writeSheet writes the sheet's cells as indexes into the shared strings
// it returns, in order of first use.
func writeSheet(w io.Writer, rows iter.Seq[[]string]) ([]string, error) {
	bw := bufio.NewWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	index := make(map[string]int)
	var strs []string
	n := 0
	for row := range rows {
		n++
		line := strconv.Itoa(n)
		bw.WriteString(`<row r="` + line + `">`)
		for i, v := range row {
			if v == "" {
				continue
			}
			k, ok := index[v]
			if !ok {
				k = len(strs)
				index[v] = k
				strs = append(strs, v)
			}
			bw.WriteString(`<c r="` + column(i) + line + `" t="s"><v>` + strconv.Itoa(k) + `</v></c>`)
		}
		bw.WriteString(`</row>`)
	}
	bw.WriteString(`</sheetData></worksheet>`)
	return strs, bw.Flush()
}

func writeSharedStrings(w io.Writer, strs []string) error {
	bw := bufio.NewWriter(w)
	n := strconv.Itoa(len(strs))
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="` + n + `" uniqueCount="` + n + `">`)
	for _, s := range strs {
		bw.WriteString(`<si><t xml:space="preserve">`)
		if err := xml.EscapeText(bw, []byte(s)); err != nil {
			return err
		}
		bw.WriteString(`</t></si>`)
	}
	bw.WriteString(`</sst>`)
	return bw.Flush()
}

// column returns the letters of a zero-based column index: A … Z, AA …
func column(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}
