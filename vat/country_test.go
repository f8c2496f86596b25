package vat_test

import (
	"errors"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vat"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseCountry(t *testing.T) {
	tests := []struct {
		in   string
		want vat.Country
	}{
		{"DE", vat.DE}, {"de", vat.DE}, {"GR", vat.GR}, {"EL", vat.GR}, {"el", vat.GR},
		{"XI", vat.XI}, {"GB", vat.GB}, {"hr", vat.HR},
	}
	for _, tt := range tests {
		got, err := vat.ParseCountry(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseCountry(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "D", "DEU", "US", "UK", "CH", "NO", "E1"} {
		if _, err := vat.ParseCountry(in); !errors.Is(err, vat.ErrUnknownCountry) {
			t.Errorf("ParseCountry(%q) error = %v, want ErrUnknownCountry", in, err)
		}
	}
}

func TestCountryFacts(t *testing.T) {
	if got := vat.GR.VATPrefix(); got != "EL" {
		t.Errorf("GR.VATPrefix() = %q", got)
	}
	if got := vat.XI.VATPrefix(); got != "XI" {
		t.Errorf("XI.VATPrefix() = %q", got)
	}
	if vat.GR.Name() != "Greece" || vat.Country("US").Name() != "" {
		t.Error("Name")
	}
	if got := len(vat.Members(date("2026-11-22"))); got != 27 {
		t.Errorf("Members(2026) has %d states, want 27", got)
	}
	// Before Brexit day the UK counted, Croatia not yet before 2013-07-01.
	if got := len(vat.Members(date("2013-06-30"))); got != 27 {
		t.Errorf("Members(2013-06-30) has %d states, want 27 (26 + GB)", got)
	}
	if got := len(vat.Members(date("2020-01-31"))); got != 28 {
		t.Errorf("Members(2020-01-31) has %d states, want 28", got)
	}
}

// Dates on both sides of every change: accession treaties, the withdrawal
// agreement (GB left 2020-01-31, transition to 2020-12-31), the euro area's
// enlargements (ECB) and VIES's XI/GB switch of 2021-01-01.
func TestCountryDated(t *testing.T) {
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"HR member 2013-06-30", vat.HR.IsMember(date("2013-06-30")), false},
		{"HR member 2013-07-01", vat.HR.IsMember(date("2013-07-01")), true},
		{"GB member 2020-01-31", vat.GB.IsMember(date("2020-01-31")), true},
		{"GB member 2020-02-01", vat.GB.IsMember(date("2020-02-01")), false},
		{"XI member ever", vat.XI.IsMember(date("2024-01-01")), false},
		{"unknown member", vat.Country("US").IsMember(date("2024-01-01")), false},
		{"GB goods 2020-12-31", vat.GB.InVATAreaForGoods(date("2020-12-31")), true},
		{"GB goods 2021-01-01", vat.GB.InVATAreaForGoods(date("2021-01-01")), false},
		{"XI goods 2020-12-31", vat.XI.InVATAreaForGoods(date("2020-12-31")), false},
		{"XI goods 2021-01-01", vat.XI.InVATAreaForGoods(date("2021-01-01")), true},
		{"FR goods 2021-01-01", vat.FR.InVATAreaForGoods(date("2021-01-01")), true},
		{"XI VIES 2020-12-31", vat.XI.InVIES(date("2020-12-31")), false},
		{"XI VIES 2021-01-01", vat.XI.InVIES(date("2021-01-01")), true},
		{"GB VIES 2020-12-31", vat.GB.InVIES(date("2020-12-31")), true},
		{"GB VIES 2021-01-01", vat.GB.InVIES(date("2021-01-01")), false},
		{"DE VIES", vat.DE.InVIES(date("2026-01-01")), true},
		{"HR currency 2022-12-31", vat.HR.Currency(date("2022-12-31")), "HRK"},
		{"HR currency 2023-01-01", vat.HR.Currency(date("2023-01-01")), "EUR"},
		{"BG currency 2025-12-31", vat.BG.Currency(date("2025-12-31")), "BGN"},
		{"BG currency 2026-01-01", vat.BG.Currency(date("2026-01-01")), "EUR"},
		{"LT currency 2014-12-31", vat.LT.Currency(date("2014-12-31")), "LTL"},
		{"LT currency 2015-01-01", vat.LT.Currency(date("2015-01-01")), "EUR"},
		{"PL currency", vat.PL.Currency(date("2026-01-01")), "PLN"},
		{"SE currency", vat.SE.Currency(date("2026-01-01")), "SEK"},
		{"XI currency", vat.XI.Currency(date("2026-01-01")), "GBP"},
		{"unknown currency", vat.Country("US").Currency(date("2026-01-01")), ""},
		// A tax point late in the evening keeps its calendar day.
		{"HR member 2013-07-01 00:30 CEST", vat.HR.IsMember(time.Date(2013, 7, 1, 0, 30, 0, 0, time.FixedZone("CEST", 2*3600))), true},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}
