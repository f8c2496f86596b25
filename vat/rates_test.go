package vat

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func mustDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// decs renders rates as "a,b,c" for comparison with the expectations.
func decList(ds []decimal.Decimal) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.String()
	}
	return strings.Join(parts, ",")
}

// TestLookupRateChanges checks both sides of every change of a rate level since
// 2021 that rates.tsv records. Each row cites its source (keys in rates.tsv).
func TestLookupRateChanges(t *testing.T) {
	tests := []struct {
		name                              string
		c                                 Country
		on                                string
		std, reduced, superReduced, parks string
		from                              string // expected effective date
		source                            string
	}{
		{"AT 2021 covid 5%", AT, "2021-12-31", "20", "13,10,5", "", "13", "2021-01-01", "EUROFOUND-AT-5PCT: 5% ran to 2021-12-31"},
		{"AT 2022 covid 5% gone", AT, "2022-01-01", "20", "13,10", "", "13", "2022-01-01", "EUROFOUND-AT-5PCT"},
		{"AT before 4.9", AT, "2026-06-30", "20", "13,10", "", "13", "2022-01-01", "ESSENTIA-AT-4.9: from 2026-07-01"},
		{"AT 4.9 basic foods", AT, "2026-07-01", "20", "13,10", "4.9", "13", "2026-07-01", "TEDB-VATNODE 2026-07-01 snapshot"},
		{"CY before 3%", CY, "2023-07-20", "19", "9,5", "", "", "2021-01-01", "MERIDIAN-CY-3PCT: from 2023-07-21"},
		{"CY 3%", CY, "2023-07-21", "19", "9,5", "3", "", "2023-07-21", "MERIDIAN-CY-3PCT"},
		{"CZ 2023 15 and 10", CZ, "2023-12-31", "21", "15,10", "", "", "2021-01-01", "VATUPDATE-RATES-2024"},
		{"CZ 2024 merged 12", CZ, "2024-01-01", "21", "12", "", "", "2024-01-01", "VATUPDATE-RATES-2024"},
		{"EE before press 5%", EE, "2022-07-31", "20", "9", "", "", "2021-01-01", "NUMERI-EE-5PCT: from 2022-08-01"},
		{"EE press 5%", EE, "2022-08-01", "20", "9,5", "", "", "2022-08-01", "NUMERI-EE-5PCT; MAROSA-EE-5PCT"},
		{"EE 2023 standard 20", EE, "2023-12-31", "20", "9,5", "", "", "2022-08-01", "TEDB; KDL: 22 from 2024-01-01"},
		{"EE 2024 standard 22", EE, "2024-01-01", "22", "9,5", "", "", "2024-01-01", "TEDB; KDL; IBR"},
		{"EE 2024 last day", EE, "2024-12-31", "22", "9,5", "", "", "2024-01-01", "ERR-EE-2023: 13% from 2025-01-01"},
		{"EE 2025 13 and 9", EE, "2025-01-01", "22", "13,9", "", "", "2025-01-01", "ERR-EE-2023; PAGERO-EE"},
		{"EE before 24", EE, "2025-06-30", "22", "13,9", "", "", "2025-01-01", "TEDB; KDL; IBR: 24 only from 2025-07-01"},
		{"EE 24", EE, "2025-07-01", "24", "13,9", "", "", "2025-07-01", "TEDB; KDL; IBR"},
		{"ES before 5%", ES, "2022-06-30", "21", "10", "4", "", "2021-01-01", "AEAT-RDL-11-2022: 5% from 2022-07-01"},
		{"ES 5%", ES, "2022-07-01", "21", "10,5", "4", "", "2022-07-01", "AEAT-RDL-11-2022"},
		{"ES last day of 5%", ES, "2024-09-30", "21", "10,5", "4", "", "2022-07-01", "AEAT-MANUAL-2024"},
		{"ES 7.5 and 2", ES, "2024-10-01", "21", "10,7.5", "4,2", "", "2024-10-01", "AEAT-MANUAL-2024"},
		{"ES 2024 last day", ES, "2024-12-31", "21", "10,7.5", "4,2", "", "2024-10-01", "AEAT-MANUAL-2024"},
		{"ES 2025 back to 21/10/4", ES, "2025-01-01", "21", "10", "4", "", "2025-01-01", "EC-A2M-2025"},
		{"FI 24", FI, "2024-08-31", "24", "14,10", "", "", "2021-01-01", "TEDB; KDL: 25.5 from 2024-09-01"},
		{"FI 25.5", FI, "2024-09-01", "25.5", "14,10", "", "", "2024-09-01", "TEDB; KDL; IBR"},
		{"FI 14 in 2025", FI, "2025-12-31", "25.5", "14,10", "", "", "2024-09-01", "VATCALC-FI-13.5: 14 until 2025-12-31"},
		{"FI 13.5", FI, "2026-01-01", "25.5", "13.5,10", "", "", "2026-01-01", "VATCALC-FI-13.5; VATAPI-FI-13.5"},
		{"IE 21 in early 2021", IE, "2021-02-28", "21", "13.5,9", "4.8", "13.5", "2020-09-01", "TEDB; IBR: 23 from 2021-03-01"},
		{"IE 23", IE, "2021-03-01", "23", "13.5,9", "4.8", "13.5", "2021-03-01", "TEDB; IBR"},
		{"LT 9%", LT, "2025-12-31", "21", "9,5", "", "", "2021-01-01", "SOVOS-LT: 9% abolished 2026-01-01"},
		{"LT 12%", LT, "2026-01-01", "21", "12,5", "", "", "2026-01-01", "SOVOS-LT; VATAPI-LT"},
		{"LU 2022", LU, "2022-12-31", "17", "8", "3", "14", "2021-01-01", "CHRONICLE-LU-2023: cut from 2023-01-01"},
		{"LU 2023 temporary cut", LU, "2023-01-01", "16", "7", "3", "13", "2023-01-01", "CHRONICLE-LU-2023; PINSENT-LU-2023"},
		{"LU 2023 last day", LU, "2023-12-31", "16", "7", "3", "13", "2023-01-01", "AED circular 812-1"},
		{"LU 2024 cut ends", LU, "2024-01-01", "17", "8", "3", "14", "2024-01-01", "AED circular 812-1; CHRONICLE-LU-2024"},
		{"MT no 12 in 2023", MT, "2023-12-31", "18", "7,5", "", "", "2021-01-01", "MAZARS-MT-12: 12% from 2024-01-01"},
		{"MT 12", MT, "2024-01-01", "18", "7,5", "", "12", "2024-01-01", "MAZARS-MT-12; BAKERMCKENZIE-MT"},
		{"RO 19", RO, "2025-07-31", "19", "9,5", "", "", "2021-01-01", "REGFOLLOWER-RO-LAW141: 21/11 from 2025-08-01"},
		{"RO 21", RO, "2025-08-01", "21", "11", "", "", "2025-08-01", "REGFOLLOWER-RO-LAW141; TEDB"},
		{"SK 2022", SK, "2022-12-31", "20", "10", "", "", "2021-01-01", "BAKERMCKENZIE-SK: 5% from 2023-01-01"},
		{"SK 5%", SK, "2023-01-01", "20", "10,5", "", "", "2023-01-01", "BAKERMCKENZIE-SK; EY-SK-2024"},
		{"SK 2024 last day", SK, "2024-12-31", "20", "10,5", "", "", "2023-01-01", "EY-SK-2024: 23/19/5 from 2025-01-01"},
		{"SK 23", SK, "2025-01-01", "23", "19,5", "", "", "2025-01-01", "EY-SK-2024; EC-A2M-2025"},
		{"XI 5 before hospitality 12.5", XI, "2021-09-30", "20", "5", "", "", "2021-01-01", "GOVUK-HOSPITALITY"},
		{"XI hospitality 12.5", XI, "2021-10-01", "20", "12.5,5", "", "", "2021-10-01", "GOVUK-HOSPITALITY"},
		{"XI 12.5 last day", XI, "2022-03-31", "20", "12.5,5", "", "", "2021-10-01", "GOVUK-HOSPITALITY"},
		{"XI back to 5", XI, "2022-04-01", "20", "5", "", "", "2022-04-01", "GOVUK-HOSPITALITY"},
		{"GB hospitality 12.5", GB, "2022-01-15", "20", "12.5,5", "", "", "2021-10-01", "GOVUK-HOSPITALITY"},
		{"DE first day of table", DE, "2021-01-01", "19", "7", "", "", "2021-01-01", "TEDB; VATNODE-HIST: 19/7 again from 2021-01-01"},
		{"GR", GR, "2025-05-05", "24", "13,6", "", "", "2021-01-01", "TEDB; IBR"},
	}
	rates := DefaultRates()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			on, err := time.Parse(time.DateOnly, tt.on)
			if err != nil {
				t.Fatal(err)
			}
			got, err := rates.Lookup(tt.c, on)
			if err != nil {
				t.Fatalf("Lookup(%s, %s): %v", tt.c, tt.on, err)
			}
			if !got.Standard.Equal(mustDec(tt.std)) || decList(got.Reduced) != tt.reduced ||
				decList(got.SuperReduced) != tt.superReduced || decList(got.Parking) != tt.parks {
				t.Errorf("Lookup(%s, %s) = %s / %s / %s / %s, want %s / %s / %s / %s (%s)",
					tt.c, tt.on, got.Standard, decList(got.Reduced), decList(got.SuperReduced), decList(got.Parking),
					tt.std, tt.reduced, tt.superReduced, tt.parks, tt.source)
			}
			if got.From.Format(time.DateOnly) != tt.from || got.Country != tt.c {
				t.Errorf("Lookup(%s, %s): country %s from %s, want %s from %s", tt.c, tt.on, got.Country, got.From.Format(time.DateOnly), tt.c, tt.from)
			}
			if !got.Until.IsZero() && !on.Before(got.Until) {
				t.Errorf("Lookup(%s, %s): set ends %s, before the date asked", tt.c, tt.on, got.Until.Format(time.DateOnly))
			}
		})
	}
}

// TestDefaultRatesCoverage: every EU-27 member, XI and GB, from 2021-01-01 on.
func TestDefaultRatesCoverage(t *testing.T) {
	rates := DefaultRates()
	want := append(Members(day(2021, 1, 1)), XI, GB)
	if got := len(rates.Countries()); got != len(want) {
		t.Errorf("table has %d countries, want %d (EU-27, XI, GB)", got, len(want))
	}
	for _, c := range want {
		t.Run(string(c), func(t *testing.T) {
			for _, on := range []time.Time{day(2021, 1, 1), day(2026, 11, 22), day(2030, 1, 1)} {
				s, err := rates.Lookup(c, on)
				if err != nil {
					t.Fatalf("Lookup(%s, %s): %v", c, on.Format(time.DateOnly), err)
				}
				if !s.Standard.IsPositive() || s.Sources == "" {
					t.Errorf("Lookup(%s, %s): standard %s, sources %q", c, on.Format(time.DateOnly), s.Standard, s.Sources)
				}
			}
			h := rates.History(c)
			for i := 1; i < len(h); i++ {
				if !h[i-1].Until.Equal(h[i].From) {
					t.Errorf("%s row %d ends %v, next starts %v", c, i-1, h[i-1].Until, h[i].From)
				}
			}
			if !h[len(h)-1].Until.IsZero() {
				t.Errorf("%s latest row has an end: %v", c, h[len(h)-1].Until)
			}
		})
	}
	if got := rates.Checked().Format(time.DateOnly); got != "2026-11-22" {
		t.Errorf("Checked() = %s, want 2026-11-22", got)
	}
}

func TestLookupLocalDate(t *testing.T) {
	tallinn := time.FixedZone("EEST", 3*3600)
	tests := []struct {
		name string
		on   time.Time
		want string
	}{
		// 2025-07-01 00:30 in Tallinn is still 2025-06-30 in UTC: the local date counts.
		{"just after midnight local", time.Date(2025, 7, 1, 0, 30, 0, 0, tallinn), "24"},
		{"late evening local", time.Date(2025, 6, 30, 23, 59, 0, 0, tallinn), "22"},
		{"UTC evening", time.Date(2025, 6, 30, 22, 0, 0, 0, time.UTC), "22"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := DefaultRates().Lookup(EE, tt.on)
			if err != nil {
				t.Fatal(err)
			}
			if !s.Standard.Equal(mustDec(tt.want)) {
				t.Errorf("Lookup(EE, %v).Standard = %s, want %s", tt.on, s.Standard, tt.want)
			}
		})
	}
}

func TestLookupErrors(t *testing.T) {
	small, err := LoadRates(strings.NewReader("vatkit-rates\t1\t2026-01-01\nDE\t2021-01-01\t19\t7\t\t\tx\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		table   *RateTable
		c       Country
		on      time.Time
		unknown bool
		reason  string
	}{
		{"before the table", DefaultRates(), DE, day(2020, 12, 31), false, "starts on 2021-01-01"},
		{"IE before its first row", DefaultRates(), IE, day(2020, 8, 31), false, "starts on 2020-09-01"},
		{"not a country", DefaultRates(), Country("US"), day(2024, 1, 1), true, "unknown country"},
		{"zero country", DefaultRates(), Country(""), day(2024, 1, 1), true, "unknown country"},
		{"lower case", DefaultRates(), Country("de"), day(2024, 1, 1), true, "unknown country"},
		{"known but not in table", small, FR, day(2024, 1, 1), false, "not in the table"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.table.Lookup(tt.c, tt.on)
			if !errors.Is(err, ErrNoRate) {
				t.Fatalf("Lookup: %v, want ErrNoRate", err)
			}
			if errors.Is(err, ErrUnknownCountry) != tt.unknown {
				t.Errorf("errors.Is(%v, ErrUnknownCountry) = %v, want %v", err, !tt.unknown, tt.unknown)
			}
			var re *RateError
			if !errors.As(err, &re) || re.Country != tt.c || !strings.Contains(err.Error(), tt.reason) || !strings.HasPrefix(err.Error(), "vat: ") {
				t.Errorf("error %q (%#v), want a *RateError for %q mentioning %q", err, re, tt.c, tt.reason)
			}
		})
	}
}

func TestRateSetKind(t *testing.T) {
	tests := []struct {
		name string
		c    Country
		on   time.Time
		rate string
		kind RateKind
		ok   bool
	}{
		{"DE standard", DE, day(2024, 5, 1), "19", RateStandard, true},
		{"DE standard with trailing zeros", DE, day(2024, 5, 1), "19.00", RateStandard, true},
		{"DE reduced", DE, day(2024, 5, 1), "7", RateReduced, true},
		{"DE 16 is gone since 2021", DE, day(2021, 1, 1), "16", RateUnknown, false},
		{"FR super-reduced", FR, day(2024, 5, 1), "2.1", RateSuperReduced, true},
		{"IE 13.5 is reduced before parking", IE, day(2024, 5, 1), "13.5", RateReduced, true},
		{"LU parking 2023", LU, day(2023, 6, 1), "13", RateParking, true},
		{"LU 14 not in 2023", LU, day(2023, 6, 1), "14", RateUnknown, false},
		{"EE 22 before July 2025", EE, day(2025, 6, 30), "22", RateStandard, true},
		{"EE 22 not after July 2025", EE, day(2025, 7, 1), "22", RateUnknown, false},
		{"zero is plausible everywhere", DK, day(2024, 5, 1), "0", RateZero, true},
		{"negative", DE, day(2024, 5, 1), "-19", RateUnknown, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := DefaultRates().Lookup(tt.c, tt.on)
			if err != nil {
				t.Fatal(err)
			}
			kind, ok := s.Kind(mustDec(tt.rate))
			if kind != tt.kind || ok != tt.ok {
				t.Errorf("Kind(%s) in %s on %s = %v, %v; want %v, %v", tt.rate, tt.c, tt.on.Format(time.DateOnly), kind, ok, tt.kind, tt.ok)
			}
		})
	}
}

func TestRateSetRate(t *testing.T) {
	de, _ := DefaultRates().Lookup(DE, day(2024, 1, 1))
	fr, _ := DefaultRates().Lookup(FR, day(2024, 1, 1))
	tests := []struct {
		name string
		s    RateSet
		kind RateKind
		want string // "" means not ok
	}{
		{"standard", de, RateStandard, "19"},
		{"single reduced", de, RateReduced, "7"},
		{"two reduced rates need a category", fr, RateReduced, ""},
		{"super-reduced", fr, RateSuperReduced, "2.1"},
		{"none", de, RateParking, ""},
		{"zero", de, RateZero, "0"},
		{"unknown kind", de, RateUnknown, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.s.Rate(tt.kind)
			if ok != (tt.want != "") || (ok && !got.Equal(mustDec(tt.want))) {
				t.Errorf("Rate(%v) = %s, %v; want %q", tt.kind, got, ok, tt.want)
			}
		})
	}
}

func TestRateKindString(t *testing.T) {
	want := map[RateKind]string{RateUnknown: "unknown", RateStandard: "standard", RateReduced: "reduced",
		RateSuperReduced: "super-reduced", RateParking: "parking", RateZero: "zero", RateKind(200): "unknown"}
	for k, s := range want {
		if k.String() != s {
			t.Errorf("RateKind(%d).String() = %q, want %q", k, k.String(), s)
		}
	}
}

func TestDefaultRatesConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	tables := make([]*RateTable, 8)
	for i := range tables {
		wg.Go(func() {
			tables[i] = DefaultRates()
			for d := range 100 {
				if _, err := tables[i].Lookup(EE, day(2024, 1, 1).AddDate(0, 0, d)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	for _, tb := range tables[1:] {
		if tb != tables[0] {
			t.Fatal("DefaultRates returned different tables")
		}
	}
}

// TestEmbeddedMatchesResearch compares the embedded table with the project's
// compiled research file, row by row, except where a re-check corrected it.
func TestEmbeddedMatchesResearch(t *testing.T) {
	data := ratesSharedData(t, "rates/eu-vat-rates.tsv")
	corrected := map[Country]string{MT: "12 % dates from 2024-01-01 (MAZARS-MT-12, BAKERMCKENZIE-MT)"}
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		f := strings.Split(line, "\t")
		c := Country(f[0])
		if _, skip := corrected[c]; skip {
			continue
		}
		on, err := time.Parse(time.DateOnly, f[1])
		if err != nil {
			t.Fatalf("research line %d: %v", i+2, err)
		}
		s, err := DefaultRates().Lookup(c, on)
		if err != nil {
			t.Errorf("research line %d (%s %s): %v", i+2, c, f[1], err)
			continue
		}
		got := []string{s.From.Format(time.DateOnly), s.Standard.String(), decList(s.Reduced), decList(s.SuperReduced), decList(s.Parking)}
		if !slices.Equal(got, f[1:6]) {
			t.Errorf("research line %d: %s %v, embedded %v", i+2, c, f[1:6], got)
		}
	}
}

func TestDayNumber(t *testing.T) {
	zones := []*time.Location{time.UTC, time.FixedZone("-10", -10*3600), time.FixedZone("+14", 14*3600)}
	times := []time.Time{
		time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC),
		time.Date(2025, 6, 30, 21, 30, 0, 0, time.UTC),
		time.Date(1900, 3, 1, 0, 0, 1, 0, time.UTC),
	}
	for _, z := range zones {
		for _, tm := range times {
			local := tm.In(z)
			y, m, d := local.Date()
			want := int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
			if got := dayNumber(local); got != want {
				t.Errorf("dayNumber(%v) = %d, want %d", local, got, want)
			}
		}
	}
}
