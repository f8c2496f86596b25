package vat

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func fxFixture(t testing.TB, name string) *FXTable {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "fx", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tb, err := ParseECB(f)
	if err != nil {
		t.Fatalf("ParseECB(%s): %v", name, err)
	}
	return tb
}

func TestParseECBDaily(t *testing.T) {
	tb := fxFixture(t, "eurofxref-daily-2024-06-28.xml")
	if got := len(tb.Currencies()); got != 30 || tb.Len() != 30 {
		t.Errorf("%d currencies, %d rates; the 2024-06-28 file has 30", got, tb.Len())
	}
	first, last := tb.Range()
	if first != day(2024, 6, 28) || last != first {
		t.Errorf("Range() = %v, %v; want 2024-06-28 twice", first, last)
	}
	// Values from the fixture, i.e. the ECB's publication of 2024-06-28; the
	// number of decimals differs per currency and must survive.
	tests := []struct{ cur, want string }{
		{"USD", "1.0705"}, {"JPY", "171.94"}, {"GBP", "0.84638"}, {"HUF", "395.10"}, {"IDR", "17487.21"}, {"ZAR", "19.4970"},
	}
	for _, tt := range tests {
		t.Run(tt.cur, func(t *testing.T) {
			rate, pub, err := tb.Rate(context.Background(), tt.cur, day(2024, 6, 28))
			if err != nil {
				t.Fatal(err)
			}
			if rate.String() != decimal.RequireFromString(tt.want).String() || !rate.Equal(mustDec(tt.want)) || pub != day(2024, 6, 28) {
				t.Errorf("Rate(%s) = %s on %v, want %s on 2024-06-28", tt.cur, rate, pub, tt.want)
			}
		})
	}
}

func TestParseECBNamespacesNotPrefixes(t *testing.T) {
	a := fxFixture(t, "eurofxref-hist-easter-2024.xml")
	b := fxFixture(t, "eurofxref-other-prefixes.xml")
	if got := b.Currencies(); strings.Join(got, ",") != "CHF,USD" {
		t.Fatalf("currencies %v, want CHF,USD (the GBP Cube has no namespace)", got)
	}
	for _, cur := range []string{"USD", "CHF"} {
		ra, _, errA := a.Rate(context.Background(), cur, day(2024, 4, 2))
		rb, _, errB := b.Rate(context.Background(), cur, day(2024, 4, 2))
		if errA != nil || errB != nil || !ra.Equal(rb) {
			t.Errorf("%s: %s (%v) vs %s (%v)", cur, ra, errA, rb, errB)
		}
	}
}

func TestParseECBErrors(t *testing.T) {
	const env = `<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">`
	doc := func(cubes string) string { return env + "\n<Cube>\n" + cubes + "\n</Cube></gesmes:Envelope>" }
	tests := []struct {
		name   string
		in     string
		line   int
		reason string
	}{
		{"empty", "", 1, "no gesmes Envelope"},
		{"not XML", "rates!", 1, "no gesmes Envelope"},
		{"wrong root", `<Envelope><Cube/></Envelope>`, 1, "root element"},
		{"root in wrong namespace", `<gesmes:Envelope xmlns:gesmes="urn:x"/>`, 1, "root element"},
		{"no rates", env + "</gesmes:Envelope>", 1, "no reference rates"},
		{"cubes without namespace", `<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01"><Cube><Cube time="2024-01-02"><Cube currency="USD" rate="1.1"/></Cube></Cube></gesmes:Envelope>`, 1, "no reference rates"},
		{"unclosed", doc(`<Cube time="2024-01-02"><Cube currency="USD" rate="1.1"/>`), 4, "XML syntax error"},
		{"truncated", env + "\n<Cube>\n<Cube time=\"2024-01-02\">", 3, "XML syntax error"},
		{"missing time", doc(`<Cube><Cube currency="USD" rate="1.1"/></Cube>`), 3, "without a time"},
		{"bad date", doc(`<Cube time="2024-02-30"><Cube currency="USD" rate="1.1"/></Cube>`), 3, "not a date"},
		{"missing rate", doc(`<Cube time="2024-01-02"><Cube currency="USD"/></Cube>`), 3, "without currency and rate"},
		{"lower-case currency", doc(`<Cube time="2024-01-02"><Cube currency="usd" rate="1.1"/></Cube>`), 3, "currency \"usd\""},
		{"EUR", doc(`<Cube time="2024-01-02"><Cube currency="EUR" rate="1"/></Cube>`), 3, "other than EUR"},
		{"comma rate", doc(`<Cube time="2024-01-02"><Cube currency="USD" rate="1,1"/></Cube>`), 3, "not a positive decimal"},
		{"zero rate", doc(`<Cube time="2024-01-02"><Cube currency="USD" rate="0.0000"/></Cube>`), 3, "not a positive decimal"},
		{"negative rate", doc(`<Cube time="2024-01-02"><Cube currency="USD" rate="-1.1"/></Cube>`), 3, "not a positive decimal"},
		{"NaN", doc(`<Cube time="2024-01-02"><Cube currency="USD" rate="NaN"/></Cube>`), 3, "not a positive decimal"},
		{"19 digits", doc(`<Cube time="2024-01-02"><Cube currency="USD" rate="1.234567890123456789"/></Cube>`), 3, "not a positive decimal"},
		{"currency twice", doc("<Cube time=\"2024-01-02\"><Cube currency=\"USD\" rate=\"1.1\"/>\n<Cube currency=\"USD\" rate=\"1.2\"/></Cube>"), 4, "USD appears twice"},
		{"day twice", doc("<Cube time=\"2024-01-02\"><Cube currency=\"USD\" rate=\"1.1\"/></Cube>\n<Cube time=\"2024-01-02\"><Cube currency=\"CHF\" rate=\"1.1\"/></Cube>"), 4, "appears twice"},
		{"too deep", doc(`<Cube time="2024-01-02"><Cube currency="USD" rate="1.1"><Cube/></Cube></Cube>`), 3, "nested 4 deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb, err := ParseECB(strings.NewReader(tt.in))
			if tb != nil || !errors.Is(err, ErrECBFormat) {
				t.Fatalf("ParseECB = %v, %v; want ErrECBFormat", tb, err)
			}
			var fe *ECBFormatError
			if !errors.As(err, &fe) || fe.Line != tt.line || fe.Column < 1 || !strings.Contains(fe.Reason, tt.reason) {
				t.Errorf("error %q at line %d, want %q at line %d", err, fe.Line, tt.reason, tt.line)
			}
			if !strings.HasPrefix(err.Error(), "vat: ECB rates line ") {
				t.Errorf("message %q lacks the prefix and position", err)
			}
		})
	}
}

func TestFXTableRate(t *testing.T) {
	tb := fxFixture(t, "eurofxref-hist-easter-2024.xml")
	tests := []struct {
		name   string
		cur    string
		on     time.Time
		rate   string
		pub    time.Time
		reason string // non-empty: ErrNoFXRate with this reason
	}{
		{"publication day", "USD", day(2024, 3, 28), "1.0811", day(2024, 3, 28), ""},
		{"Good Friday takes Tuesday", "USD", day(2024, 3, 29), "1.0749", day(2024, 4, 2), ""},
		{"Easter Monday takes Tuesday", "CHF", day(2024, 4, 1), "0.9765", day(2024, 4, 2), ""},
		{"local date counts", "USD", time.Date(2024, 4, 3, 0, 30, 0, 0, time.FixedZone("CEST", 2*3600)), "1.0783", day(2024, 4, 3), ""},
		{"before the table", "USD", day(2024, 3, 27), "", time.Time{}, "before the table's first publication"},
		{"not yet published", "USD", day(2024, 4, 4), "", time.Time{}, "not published yet"},
		{"unknown currency", "GBP", day(2024, 4, 2), "", time.Time{}, "not in the table"},
		{"EUR is not a quote", "EUR", day(2024, 4, 2), "", time.Time{}, "not in the table"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rate, pub, err := tb.Rate(context.Background(), tt.cur, tt.on)
			if tt.reason != "" {
				var fe *FXRateError
				if !errors.Is(err, ErrNoFXRate) || !errors.As(err, &fe) || !strings.Contains(fe.Reason, tt.reason) || fe.Currency != tt.cur {
					t.Errorf("Rate = %s, %v, %v; want ErrNoFXRate (%s)", rate, pub, err, tt.reason)
				}
				return
			}
			if err != nil || !rate.Equal(mustDec(tt.rate)) || !pub.Equal(tt.pub) {
				t.Errorf("Rate = %s, %v, %v; want %s, %v", rate, pub, err, tt.rate, tt.pub)
			}
		})
	}
}

func TestFXTableGapAndMissingCurrency(t *testing.T) {
	tb, err := NewFXTable([]FXQuote{
		{"USD", day(2024, 1, 2), mustDec("1.0956")},
		{"USD", day(2024, 1, 20), mustDec("1.1")},
		{"CHF", day(2024, 1, 20), mustDec("0.95")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := tb.Rate(context.Background(), "USD", day(2024, 1, 5)); !errors.Is(err, ErrNoFXRate) || !strings.Contains(err.Error(), "within 7 days") {
		t.Errorf("15 days to the next publication: %v, want ErrNoFXRate", err)
	}
	if _, _, err := tb.Rate(context.Background(), "CHF", day(2024, 1, 2)); !errors.Is(err, ErrNoFXRate) || !strings.Contains(err.Error(), "publication of 2024-01-02") {
		t.Errorf("CHF missing on 2024-01-02 must not take a later day: %v", err)
	}
	if _, _, err := (&FXTable{}).Rate(context.Background(), "USD", day(2024, 1, 2)); !errors.Is(err, ErrNoFXRate) {
		t.Errorf("empty table: %v", err)
	}
}

func TestNewFXTableErrors(t *testing.T) {
	tests := []struct {
		name string
		q    FXQuote
	}{
		{"lower case", FXQuote{"usd", day(2024, 1, 2), mustDec("1.1")}},
		{"EUR", FXQuote{"EUR", day(2024, 1, 2), mustDec("1")}},
		{"zero", FXQuote{"USD", day(2024, 1, 2), decimal.Decimal{}}},
		{"negative", FXQuote{"USD", day(2024, 1, 2), mustDec("-1.1")}},
		{"too precise", FXQuote{"USD", day(2024, 1, 2), mustDec("1.2345678901234567890123")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tb, err := NewFXTable([]FXQuote{tt.q}); err == nil || !strings.HasPrefix(err.Error(), "vat: quote 0: ") {
				t.Errorf("NewFXTable(%+v) = %v, %v; want an error", tt.q, tb, err)
			}
		})
	}
	dup := []FXQuote{{"USD", day(2024, 1, 2), mustDec("1.1")}, {"CHF", day(2024, 1, 2), mustDec("1")}, {"USD", day(2024, 1, 2), mustDec("1.2")}}
	if _, err := NewFXTable(dup); err == nil || !strings.Contains(err.Error(), "two rates for USD on 2024-01-02") {
		t.Errorf("duplicate quote: %v", err)
	}
}

func TestParseRate(t *testing.T) {
	tests := []struct {
		in   string
		mant int64
		exp  int32
		ok   bool
	}{
		{"1.0705", 10705, -4, true}, {"171.94", 17194, -2, true}, {"395.10", 39510, -2, true},
		{"7", 7, 0, true}, {"0.84638", 84638, -5, true}, {"999999999999999999", 999999999999999999, 0, true},
		{"", 0, 0, false}, {".5", 0, 0, false}, {"5.", 0, 0, false}, {"1..2", 0, 0, false},
		{"+1", 0, 0, false}, {"1e3", 0, 0, false}, {" 1", 0, 0, false}, {"0", 0, 0, false},
		{"1000000000000000000", 0, 0, false},
	}
	for _, tt := range tests {
		mant, exp, ok := parseRate(tt.in)
		if mant != tt.mant && tt.ok || exp != tt.exp && tt.ok || ok != tt.ok {
			t.Errorf("parseRate(%q) = %d, %d, %v; want %d, %d, %v", tt.in, mant, exp, ok, tt.mant, tt.exp, tt.ok)
		}
	}
}

// FuzzParseECB: any input yields a table or a positioned *ECBFormatError, and
// every rate of a table reads back on its own publication day.
func FuzzParseECB(f *testing.F) {
	for _, name := range []string{"eurofxref-daily-2024-06-28.xml", "eurofxref-hist-easter-2024.xml", "eurofxref-other-prefixes.xml"} {
		b, err := os.ReadFile(filepath.Join("testdata", "fx", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<e:Envelope xmlns:e="http://www.gesmes.org/xml/2002-08-01"><Cube xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><Cube time="2024-01-02"><Cube currency="USD" rate="1.1"/></Cube></Cube></e:Envelope>`))
	f.Fuzz(func(t *testing.T, in []byte) {
		tb, err := ParseECB(strings.NewReader(string(in)))
		if err != nil {
			var fe *ECBFormatError
			if !errors.As(err, &fe) || fe.Line < 1 {
				t.Fatalf("error %v (%T) is not a positioned *ECBFormatError", err, err)
			}
			return
		}
		if tb.Len() == 0 {
			t.Fatal("a table without rates was accepted")
		}
		for _, cur := range tb.Currencies() {
			for _, p := range tb.series[cur] {
				rate, pub, err := tb.Rate(context.Background(), cur, dayTime(p.day))
				if err != nil || !rate.IsPositive() || dayNumber(pub) != p.day {
					t.Fatalf("Rate(%s, %s) = %s, %v, %v", cur, dayString(p.day), rate, pub, err)
				}
			}
		}
	})
}
