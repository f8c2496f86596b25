package report_test

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
)

// TestJSONNamesDocumented: the Go-to-JSON tables in the doc comments of
// OSSReturn, OSSLine and Correction name real fields and exactly the keys
// WriteJSON writes.
func TestJSONNamesDocumented(t *testing.T) {
	docs := typeDocs(t, "oss.go")
	r := &report.OSSReturn{MSID: vat.DE, Number: number("DE136695976"), Period: period("2025-Q3"),
		Due: day("2025-10-31"), Total: dec("1"),
		Lines: []report.OSSLine{{Country: vat.FR, Rate: dec("20"), DispatchedFrom: vat.CZ,
			OriginNumber: number("CZ25123891"), Taxable: dec("5"), VAT: dec("1")}},
		Corrections:  []report.Correction{{Country: vat.FR, Period: period("2025-Q2"), VAT: dec("0")}},
		NeedsReview:  []report.Review{{Source: "x", Line: 1, Reason: "y"}},
		Rates:        []report.FXRate{{Currency: "USD", Rate: dec("1.1"), Published: day("2025-10-01")}},
		FoundNumbers: []vat.Number{number("DE136695976")},
	}
	var buf bytes.Buffer
	require.NoError(t, report.WriteJSON(&buf, r))
	var out map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &out))
	for _, tc := range []struct {
		typ    any
		object map[string]any
		extra  []string // keys the JSON adds
	}{
		{report.OSSReturn{}, out, nil},
		{report.OSSLine{}, out["lines"].([]any)[0].(map[string]any), nil},
		{report.Correction{}, out["corrections"].([]any)[0].(map[string]any), nil},
	} {
		checkJSONNames(t, docs, tc.typ, tc.object, tc.extra...)
	}
}

// checkJSONNames checks that the Go-to-JSON table of typ's doc comment
// names fields typ has, and that object has exactly the table's keys and
// extra.
func checkJSONNames(t *testing.T, docs map[string]map[string]string, v any, object map[string]any, extra ...string) {
	t.Helper()
	typ := reflect.TypeOf(v)
	table := docs[typ.Name()]
	require.NotEmpty(t, table, "%s has no Go-to-JSON table", typ.Name())
	for field := range table {
		_, ok := typ.FieldByName(field)
		assert.True(t, ok, "%s documents a field %s it does not have", typ.Name(), field)
	}
	want := append(slices.Collect(maps.Values(table)), extra...)
	assert.ElementsMatch(t, want, slices.Collect(maps.Keys(object)), typ.Name())
}

// typeDocs returns, per type declared in file, the "Field → json_key"
// lines of its doc comment.
func typeDocs(t *testing.T, file string) map[string]map[string]string {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ParseComments)
	require.NoError(t, err)
	row := regexp.MustCompile(`(?m)^\t(\w+)\s+→ (\w+)`)
	docs := map[string]map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE || g.Doc == nil {
			continue
		}
		name := g.Specs[0].(*ast.TypeSpec).Name.Name
		docs[name] = map[string]string{}
		for _, m := range row.FindAllStringSubmatch(g.Doc.Text(), -1) {
			docs[name][m[1]] = m[2]
		}
	}
	return docs
}
