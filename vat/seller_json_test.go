package vat_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/vat"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// panEUSeller is the pan-EU seller: established in DE, in the
// Union scheme since it began, over €10,000 last year, with stock and VAT
// numbers in PL and CZ (the numbers are the package's check-digit vectors).
func panEUSeller() vat.Seller {
	return vat.Seller{Established: vat.DE, OSS: vat.OSSRegistration{MemberState: vat.DE, From: date("2021-07-01")},
		PreviousYear:  decimal.NewNullDecimal(dec("12500")),
		Registrations: []vat.Number{mustNumber("CZ25123891"), mustNumber("PL5211355116")},
		Warehouses:    []vat.Country{vat.PL, vat.CZ}}
}

// A seller established outside the EU gives the number it is identified
// under in the non-Union scheme; it reads back as given.
func TestSellerNonUnionNumber(t *testing.T) {
	var s vat.Seller
	if err := json.Unmarshal([]byte(`{"identified_in":"IE","non_union_number":"EU372000041"}`), &s); err != nil {
		t.Fatal(err)
	}
	if s.NonUnion != "EU372000041" || s.Established != "" || s.OSS.MemberState != vat.IE {
		t.Fatalf("read %+v", s)
	}
	out, err := json.Marshal(s)
	if err != nil || !bytes.Contains(out, []byte(`"non_union_number":"EU372000041"`)) {
		t.Fatalf("wrote %s, %v", out, err)
	}
}

// The seller's facts are one documented JSON object; it reads back to the
// same facts.
func TestSellerJSON(t *testing.T) {
	got, err := json.MarshalIndent(panEUSeller(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "seller.json", append(got, '\n'))
	var back vat.Seller
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	again, _ := json.MarshalIndent(back, "", "  ")
	if !bytes.Equal(again, got) {
		t.Errorf("round trip:\n%s\nwant\n%s", again, got)
	}
	if back.OSS.MemberState != vat.DE || !back.PreviousYear.Valid || !back.PreviousYear.Decimal.Equal(dec("12500")) {
		t.Errorf("read back %+v", back)
	}
}

// An absent previous_year_eur is "not known", never zero; an absent
// identified_in is the state of establishment.
func TestSellerJSONDefaults(t *testing.T) {
	var s vat.Seller
	if err := json.Unmarshal([]byte(`{"established":"de","vat_numbers":{"GR":"EL094259216"}}`), &s); err != nil {
		t.Fatal(err)
	}
	if s.PreviousYear.Valid || s.Established != vat.DE || s.OSS.MemberState != vat.DE || !s.OSS.From.IsZero() {
		t.Errorf("defaults: %+v", s)
	}
	if len(s.Registrations) != 1 || s.Registrations[0].String() != "EL094259216" {
		t.Errorf("numbers: %v", s.Registrations)
	}
	out, _ := json.Marshal(s)
	if string(out) != `{"established":"DE","vat_numbers":{"GR":"EL094259216"}}` {
		t.Errorf("marshalled: %s", out)
	}
}

// Facts that are not valid are refused with the field named, never with
// the number repeated; a misspelt field is refused rather than dropped.
func TestSellerJSONErrors(t *testing.T) {
	for name, in := range map[string]string{
		"not an object":          `[1]`,
		"unknown field":          `{"established":"DE","previous_year":"12500"}`,
		"bad established":        `{"established":"XX"}`,
		"GB is not a member":     `{"established":"GB"}`,
		"bad date":               `{"established":"DE","oss_from":"1.7.2021"}`,
		"negative previous year": `{"established":"DE","previous_year_eur":"-1"}`,
		"previous year a number": `{"established":"DE","previous_year_eur":12500}`,
		"number of another land": `{"established":"DE","vat_numbers":{"PL":"CZ25123891"}}`,
		"malformed number":       `{"established":"DE","vat_numbers":{"PL":"PL12"}}`,
		"bad key":                `{"established":"DE","vat_numbers":{"Poland":"PL5211355116"}}`,
		"bad warehouse":          `{"established":"DE","warehouses":["Poland"]}`,
		"bad IOSS":               `{"established":"DE","ioss_number":"IM12"}`,
		"non-Union number short": `{"non_union_number":"EU37200004"}`,
		"non-Union IOSS-shaped":  `{"non_union_number":"IM3720000412"}`,
		"too large":              `{"established":"DE","warehouses":["` + strings.Repeat("x", 70<<10) + `"]}`,
	} {
		t.Run(name, func(t *testing.T) {
			var s vat.Seller
			err := json.Unmarshal([]byte(in), &s)
			if !errors.Is(err, vat.ErrSeller) {
				t.Fatalf("err = %v, want ErrSeller", err)
			}
			for _, echo := range []string{"CZ25123891", "PL12", "previous_year\"", "Poland\"", "XX", "1.7.2021"} {
				if strings.Contains(err.Error(), echo) {
					t.Errorf("the error repeats the input (%s): %v", echo, err)
				}
			}
		})
	}
	// A number whose only fault is its check digits is kept (VIES decides).
	var s vat.Seller
	if err := json.Unmarshal([]byte(`{"established":"DE","vat_numbers":{"DE":"DE136308784"}}`), &s); err != nil || len(s.Registrations) != 1 {
		t.Errorf("check-digit failure refused: %v", err)
	}
}

// Any input either fails with ErrSeller or reads to facts that write and
// read back unchanged.
func FuzzSellerJSON(f *testing.F) {
	seed, _ := json.Marshal(panEUSeller())
	f.Add(seed)
	f.Add([]byte(`{"established":"","identified_in":"IE","opted_in":true,"ioss_number":"IM3720000224"}`))
	f.Add([]byte(`{"established":"DE","previous_year_eur":"1e3","fixed_establishments":["AT","AT"]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		var s vat.Seller
		if err := json.Unmarshal(in, &s); err != nil {
			return
		}
		out, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back vat.Seller
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%s does not read back: %v", out, err)
		}
		again, _ := json.Marshal(back)
		if !bytes.Equal(again, out) {
			t.Fatalf("%s became %s", out, again)
		}
	})
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./vat -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n got:\n%s\nwant:\n%s", name, got, want)
	}
}
