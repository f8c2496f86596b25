package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tempFile puts content in a file of a temporary folder and returns its path.
func tempFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	must(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

const templateHeader = "type,id,line,date,original_id,supply,ship_from,ship_to,net,vat,gross,rate,currency,marketplace,scheme,consignment_value\n"

// The import-scheme return of a month: the Union shape with "scheme":
// "import", the IOSS number, no dispatched_from; the consignment over
// €150 for review.
func TestImportScheme(t *testing.T) {
	seller := tempFile(t, "seller.json", `{"established":"DE","ioss_number":"IM2760000001"}`)
	data := tempFile(t, "imports.csv", templateHeader+
		"sale,I1,,2026-07-02,,goods,CN,FR,140.00,28.00,,20,EUR,no,,140.00\n"+
		"sale,I2,,2026-07-03,,goods,CN,FR,160.00,32.00,,20,EUR,no,,160.00\n"+
		"sale,I3,,2026-07-04,,goods,CN,IT,20.00,0.80,,4,EUR,no,,20.00\n")
	m, stderr := runJSON(t, "-home", "DE", "-period", "2026-07", "-scheme", "import", "-seller", seller, data)
	equal(t, "scheme", m["scheme"], "import")
	equal(t, "number", m["vat_number"], "IM2760000001")
	equal(t, "due", m["due"], "2026-08-31")
	equal(t, "total", m["total_vat"], "28.80")
	equal(t, "lines", m["lines"], any([]any{
		map[string]any{"country": "FR", "supply": "goods", "rate_type": "standard", "rate": "20", "taxable_amount": "140.00", "vat_amount": "28.00"},
		map[string]any{"country": "IT", "supply": "goods", "rate_type": "reduced", "rate": "4", "taxable_amount": "20.00", "vat_amount": "0.80"},
	}))
	if reviews := m["needs_review"].([]any); len(reviews) != 1 {
		t.Errorf("needs_review %v, want the consignment over €150", reviews)
	}
	if want := "ossreturn: import scheme, DE 2026-07"; !strings.Contains(stderr, want) {
		t.Errorf("stderr does not say %q:\n%s", want, stderr)
	}
}

// The non-Union return of a quarter, for a seller established outside
// the EU (its facts name no state of establishment), identified in IE.
func TestNonUnionScheme(t *testing.T) {
	data := tempFile(t, "services.csv", templateHeader+
		"sale,E1,,2026-07-02,,electronic,,FR,10.00,2.00,,20,EUR,no,,\n"+
		"sale,E2,,2026-08-02,,electronic,,DE,10.00,1.90,,19,EUR,no,,\n")
	m, _ := runJSON(t, "-home", "IE", "-period", "2026-Q3", "-scheme", "non-union", data)
	equal(t, "scheme", m["scheme"], "non-union")
	equal(t, "member state", m["member_state_of_identification"], "IE")
	equal(t, "lines", m["lines"], any([]any{
		map[string]any{"country": "DE", "supply": "services", "rate_type": "standard", "rate": "19", "taxable_amount": "10.00", "vat_amount": "1.90"},
		map[string]any{"country": "FR", "supply": "services", "rate_type": "standard", "rate": "20", "taxable_amount": "10.00", "vat_amount": "2.00"},
	}))
	equal(t, "needs_review", m["needs_review"], any([]any{}))
}

// The reconciliation of E4's quarter: its shape, and the marketplace
// sale a seller established in Germany is its own supplier of.
func TestReconciliationReport(t *testing.T) {
	m, _ := runJSON(t, "-home", "DE", "-period", "2025-Q3", "-report", "reconciliation", filepath.FromSlash(e4File))
	equal(t, "period", m["period"], "2025-Q3")
	lines := m["lines"].([]any)
	if len(lines) == 0 {
		t.Fatal("no lines")
	}
	for _, l := range lines {
		keys := map[string]bool{}
		for k := range l.(map[string]any) {
			keys[k] = true
		}
		equal(t, "line keys", keys, map[string]bool{"country": true, "rate": true, "source_vat": true, "vatkit_vat": true, "difference": true})
	}
	diffs := m["differences"].([]any)
	if len(diffs) != 1 {
		t.Fatalf("differences %v, want the marketplace sale", diffs)
	}
	d := diffs[0].(map[string]any)
	for _, k := range []string{"source", "line", "source_vat", "vatkit_vat", "reason"} {
		if _, ok := d[k]; !ok {
			t.Errorf("difference without %s: %v", k, d)
		}
	}
	equal(t, "difference", []any{d["source_vat"], d["vatkit_vat"]}, []any{"22.00", "0.00"})
	if !strings.HasPrefix(d["reason"].(string), "Deemed-supplier mismatch") {
		t.Errorf("reason %q", d["reason"])
	}
}
