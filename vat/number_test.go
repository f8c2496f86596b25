package vat_test

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vatkit/vatkit/vat"
)

// want is the expected outcome of parsing one input.
type want int

const (
	valid want = iota
	badChecksum
	badFormat
	badCountry
)

func (w want) String() string {
	return [...]string{"valid", "checksum", "format", "unknown country"}[w]
}

// assertParse checks ParseNumber(in) against w and, for a valid input, the
// canonical form canon ("" skips that check).
func assertParse(t *testing.T, in string, w want, canon string) {
	t.Helper()
	n, err := vat.ParseNumber(in)
	switch w {
	case valid:
		if err != nil {
			t.Fatalf("ParseNumber(%q) = %v, want valid", in, err)
		}
		if canon != "" && n.String() != canon {
			t.Fatalf("ParseNumber(%q) = %s, want %s", in, n, canon)
		}
	case badChecksum:
		if !errors.Is(err, vat.ErrChecksum) {
			t.Fatalf("ParseNumber(%q) error = %v, want ErrChecksum", in, err)
		}
		if n.IsZero() {
			t.Fatalf("ParseNumber(%q) returned no Number with ErrChecksum; the caller needs it for VIES", in)
		}
	case badFormat:
		if !errors.Is(err, vat.ErrFormat) {
			t.Fatalf("ParseNumber(%q) error = %v, want ErrFormat", in, err)
		}
		if !n.IsZero() {
			t.Fatalf("ParseNumber(%q) = %s with a format error, want the zero Number", in, n)
		}
	case badCountry:
		if !errors.Is(err, vat.ErrUnknownCountry) {
			t.Fatalf("ParseNumber(%q) error = %v, want ErrUnknownCountry", in, err)
		}
	}
	var ne *vat.NumberError
	if err != nil && !errors.As(err, &ne) {
		t.Fatalf("ParseNumber(%q) error %T is not a *vat.NumberError", in, err)
	}
}

// TestParseNumberStdnumVectors runs every number of python-stdnum's EU VAT
// doctest (testdata/stdnum-eu-vat.tsv, exactly as written there) through
// ParseNumber. python-stdnum's "component" and "length" faults are ErrFormat
// here; its unknown country is ErrUnknownCountry.
func TestParseNumberStdnumVectors(t *testing.T) {
	rows := readTSV(t, filepath.Join("testdata", "stdnum-eu-vat.tsv"))
	if len(rows) < 700 {
		t.Fatalf("read %d vectors, want the whole file", len(rows))
	}
	kinds := map[string]want{"valid": valid, "checksum": badChecksum, "format": badFormat, "component": badFormat, "length": badFormat}
	for _, r := range rows {
		w, ok := kinds[r[0]]
		if !ok {
			t.Fatalf("unknown kind %q", r[0])
		}
		if strings.HasPrefix(r[1], "QQ") {
			w = badCountry
		}
		t.Run(r[0]+"/"+r[1], func(t *testing.T) { assertParse(t, r[1], w, "") })
	}
}

// TestParseNumberSharedVectors runs the project's vector set (compact numbers
// with their sources) when ../shared/data is present beside the repository.
func TestParseNumberSharedVectors(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "data", "vat-numbers.tsv")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("shared vector set not found at %s (it sits beside the repository in CI): %v", path, err)
	}
	rows := readTSV(t, path)
	for _, r := range rows[1:] { // header
		w := valid
		switch {
		case r[2] == "valid":
		case strings.Contains(r[3], "[checksum]"):
			w = badChecksum
		case strings.Contains(r[3], "[format"), strings.Contains(r[3], "[component]"),
			strings.Contains(r[3], "[length]"), strings.Contains(r[3], "[duplicated-prefix]"):
			w = badFormat
		default: // invalid, kind not stated
			w = -1
		}
		t.Run(r[0]+"/"+r[1], func(t *testing.T) {
			if w >= 0 {
				assertParse(t, r[1], w, "")
				return
			}
			if _, err := vat.ParseNumber(r[1]); err == nil {
				t.Fatalf("ParseNumber(%q) accepted an invalid number (%s)", r[1], r[3])
			}
		})
	}
}

func readTSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rows = append(rows, strings.Split(line, "\t"))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestParseNumberCountries holds, for every country, at least three valid and
// three invalid numbers with their public source, and the canonical form
// ParseNumber must give. "derived" rows take a cited valid number and change
// what the comment says, so that a country whose published examples are all
// valid still has failing cases of each kind.
func TestParseNumberCountries(t *testing.T) {
	const (
		stdnum  = "python-stdnum tests/test_eu_vat.doctest"
		jsvat   = "jsvat test/countries_vat_lists"
		derived = "derived from a valid number above"
	)
	tests := []struct {
		in     string
		want   want
		canon  string
		source string
	}{
		{"ATU 142 43 102", valid, "ATU14243102", stdnum},
		{"ATU13585627", valid, "ATU13585627", stdnum},
		{"atu61195628", valid, "ATU61195628", stdnum + " (lower-cased)"},
		{"ATU 143 43 102", badChecksum, "", stdnum},
		{"ATU 1515B209", badFormat, "", stdnum},
		{"AT 14243102", badFormat, "", derived + " (U missing)"},

		{"BE (0)468.561.072", valid, "BE0468561072", stdnum},
		{"BE 444.503.092", valid, "BE0444503092", stdnum + " (9-digit legacy form padded)"},
		{"BE1602602623", valid, "BE1602602623", "python-stdnum stdnum/be/vat.py and valvat accept the 1-series Belgium now issues"},
		{"BE 0406.139.583", badChecksum, "", stdnum},
		{"BE 0220,764.971", badFormat, "", stdnum + " (a comma is no separator)"},
		{"BE2468561072", badFormat, "", derived + " (first digit 2)"},

		{"BG 175 074 752", valid, "BG175074752", stdnum},
		{"BG7111042925", valid, "BG7111042925", stdnum + " (foreigner's PNF)"},
		{"BG8032056031", valid, "BG8032056031", stdnum + " (EGN)"},
		{"BG 147147471", badChecksum, "", stdnum},
		{"BG 10X8735941", badFormat, "", stdnum},
		{"BG17507475", badFormat, "", derived + " (8 digits)"},

		{"CY-10008489 A", valid, "CY10008489A", stdnum},
		{"CY 10246672X", valid, "CY10246672X", stdnum},
		{"CY00632993 F", valid, "CY00632993F", stdnum},
		{"CY 10246672F", badChecksum, "", stdnum},
		{"CY-12259033P", badFormat, "", stdnum + " (12 prefix)"},
		{"CY-102590Z3P", badFormat, "", stdnum},

		{"CZ 25123891", valid, "CZ25123891", stdnum},
		{"CZ 640903926", valid, "CZ640903926", stdnum + " (special 6-series)"},
		{"CZ 736028/5163", valid, "CZ7360285163", stdnum + " (birth number)"},
		{"CZ 25557481", badChecksum, "", stdnum},
		{"CZ 95123891", badFormat, "", stdnum + " (8 digits starting with 9)"},
		{"CZ 1103492745", badFormat, "", "python-stdnum stdnum/cz/rc.py doctest (no such date)"},

		{"DE 213 806 597", valid, "DE213806597", stdnum},
		{"DE - 113866163", valid, "DE113866163", stdnum},
		{"de136308783", valid, "DE136308783", stdnum + " (lower-cased)"},
		{"DE 125014855", badChecksum, "", stdnum},
		{"DE 011125440", badFormat, "", stdnum},
		{"DE 246X595 415", badFormat, "", stdnum},

		{"DK 10 50 32 80", valid, "DK10503280", stdnum},
		{"DK: 21599336", valid, "DK21599336", stdnum},
		{"DK-27630308", valid, "DK27630308", stdnum},
		{"DK 11 96 56 58", badChecksum, "", stdnum},
		{"DK-27996592", badChecksum, "", stdnum},
		{"DK05032801", badFormat, "", derived + " (leading 0)"},

		{"EE 100 931 558", valid, "EE100931558", stdnum},
		{"EE101256753", valid, "EE101256753", stdnum},
		{"EE000207418", valid, "EE000207418", "python-stdnum stdnum/ee/kmkr.py: the 10 prefix is not enforced"},
		{"EE 100 941 558", badChecksum, "", stdnum},
		{"EE101256754", badChecksum, "", stdnum},
		{"EE10093155", badFormat, "", derived + " (8 digits)"},

		{"EL 094012834", valid, "EL094012834", stdnum},
		{"GR 094012834", valid, "EL094012834", stdnum + " (ISO prefix GR)"},
		{"EL 94051189", valid, "EL094051189", stdnum + " (8-digit legacy form padded)"},
		{"EL 094013834", badChecksum, "", stdnum},
		{"EL: 094269805", badChecksum, "", stdnum},
		{"EL0940128345", badFormat, "", derived + " (10 digits)"},

		{"ES B-58378431", valid, "ESB58378431", stdnum},
		{"ES X-5253868-R", valid, "ESX5253868R", stdnum + " (NIE)"},
		{"ES 54362315K", valid, "ES54362315K", stdnum + " (DNI)"},
		{"ES Q-2818015-F", valid, "ESQ2818015F", stdnum + " (CIF with check letter)"},
		{"ES 54362415K", badChecksum, "", stdnum},
		{"ES K-2814015-F", badChecksum, "", stdnum},
		{"ES B-583784312", badFormat, "", stdnum},

		{"FI 02459042", valid, "FI02459042", stdnum},
		{"FI 0982651-1", valid, "FI09826511", stdnum},
		{"FI-214 95 540", valid, "FI21495540", stdnum},
		{"FI 20774741", badChecksum, "", "python-stdnum stdnum/fi/alv.py doctest"},
		{"FI00000023", badChecksum, "", jsvat + "/finland.vat.js"},
		{"FI 2459042", badFormat, "", derived + " (7 digits)"},

		{"FR 61 954 506 077", valid, "FR61954506077", stdnum},
		{"FR K 7399859412", valid, "FRK7399859412", stdnum + " (alphabetic key)"},
		{"FR16000063601", valid, "FR16000063601", stdnum + " (Monaco)"},
		{"FR 04409414264", badChecksum, "", stdnum},
		{"FR L 7399859412", badChecksum, "", stdnum},
		{"FR000076090", badFormat, "", stdnum},
		{"FRIO334175221", badFormat, "", "python-stdnum stdnum/fr/tva.py doctest (I and O are no key characters)"},

		{"HR02574432339", valid, "HR02574432339", jsvat + "/croatia.vat.js"},
		{"HR 33392005961", valid, "HR33392005961", "python-stdnum stdnum/hr/oib.py doctest"},
		{"HR97405527203", valid, "HR97405527203", jsvat + "/croatia.vat.js"},
		{"HR93634429488", badChecksum, "", jsvat + "/croatia.vat.js"},
		{"HR33392005962", badChecksum, "", "python-stdnum stdnum/hr/oib.py doctest"},
		{"HR9363442948", badFormat, "", jsvat + "/croatia.vat.js"},
		{"HR936344294871", badFormat, "", jsvat + "/croatia.vat.js"},

		{"HU -12509403", valid, "HU12509403", stdnum},
		{"HU 23157653", valid, "HU23157653", stdnum},
		{"HU-12892312", valid, "HU12892312", stdnum},
		{"HU-12892313", badChecksum, "", "python-stdnum stdnum/hu/anum.py doctest"},
		{"HU65731980", badChecksum, "", jsvat + "/hungary.vat.js"},
		{"HU1289231", badFormat, "", derived + " (7 digits)"},

		{"IE 6433435F", valid, "IE6433435F", "python-stdnum stdnum/ie/vat.py doctest"},
		{"IE6433435OA", valid, "IE6433435OA", stdnum + " (2013 format, second letter)"},
		{"IE8D79739I", valid, "IE8D79739I", stdnum + " (old format)"},
		{"IE 4731823H", badChecksum, "", stdnum},
		{"IE8D79729I", badChecksum, "", stdnum},
		{"IE 069385V8", badFormat, "", stdnum},

		{"IT - 01404480202", valid, "IT01404480202", stdnum},
		{"IT 0 0 6 1 8 2 8 0 4 9 9", valid, "IT00618280499", stdnum},
		{"IT: 02331250163", valid, "IT02331250163", stdnum},
		{"IT01404480203", badChecksum, "", derived + " (last digit +1)"},
		{"IT 00687129980", badFormat, "", stdnum + " (no such tax office)"},
		{"IT00000010210", badChecksum, "", jsvat + "/italy.vat.js"},
		{"IT0000000021", badFormat, "", derived + " (10 digits)"},

		{"LT 119511515", valid, "LT119511515", stdnum},
		{"LT 100001919017", valid, "LT100001919017", stdnum},
		{"LT290068995116", valid, "LT290068995116", stdnum},
		{"LT100001919018", badChecksum, "", "python-stdnum stdnum/lt/pvm.py doctest"},
		{"LT 100001354", badFormat, "", stdnum + " (8th digit not 1)"},
		{"LT 100001509922", badFormat, "", stdnum + " (11th digit not 1)"},

		{"LU 10059929", valid, "LU10059929", stdnum},
		{"LU.248.70.640", valid, "LU24870640", stdnum},
		{"Lu 19980500", valid, "LU19980500", stdnum},
		{"LU 150 274 43", badChecksum, "", "python-stdnum stdnum/lu/tva.py doctest"},
		{"LU00000200", badChecksum, "", jsvat + "/luxembourg.vat.js"},
		{"LU1005992", badFormat, "", derived + " (7 digits)"},

		{"LV 4000 3521 600", valid, "LV40003521600", stdnum},
		{"LV 161175-19997", valid, "LV16117519997", "python-stdnum stdnum/lv/pvn.py doctest (personal code)"},
		{"LV 90000528023", valid, "LV90000528023", stdnum},
		{"LV 40003189715", badChecksum, "", stdnum},
		{"LV-10103241337", badChecksum, "", stdnum},
		{"LV 32117519996", badChecksum, "", derived + " (personal code of the 32 series, last digit changed)"},
		{"LV 31137519997", badFormat, "", derived + " (personal code, no 13th month)"},

		{"MT 1039-6417", valid, "MT10396417", stdnum},
		{"MT 18740407", valid, "MT18740407", stdnum},
		{"MT 2029 1423", valid, "MT20291423", stdnum},
		{"MT 1167-9113", badChecksum, "", "python-stdnum stdnum/mt/vat.py doctest"},
		{"MT20390515", badChecksum, "", jsvat + "/malta.vat.js"},
		{"MT 01039641", badFormat, "", derived + " (leading 0)"},

		{"NL 001241 643 B01", valid, "NL001241643B01", stdnum},
		{"NL4495445B01", valid, "NL004495445B01", stdnum + " (short form padded)"},
		{"NL 8225.69.759 b01", valid, "NL822569759B01", stdnum},
		{"NL002455799B11", valid, "NL002455799B11", stdnum + " (MOD 97-10 sole trader)"},
		{"NL001241642B01", badChecksum, "", derived + " (9th digit changed, fails both tests)"},
		{"NL 001241643801", badFormat, "", stdnum},
		{"NL 009122746B00", badFormat, "", stdnum},

		{"PL 5211355116", valid, "PL5211355116", stdnum},
		{"PL 764-23-05-578", valid, "PL7642305578", stdnum},
		{"PL-951-157-77-68", valid, "PL9511577768", stdnum},
		{"PL 8567346216", badChecksum, "", "python-stdnum stdnum/pl/nip.py doctest"},
		{"PL7122913427", badChecksum, "", jsvat + "/poland.vat.js"},
		{"PL 521135511", badFormat, "", derived + " (9 digits)"},

		{"PT 500 019 720", valid, "PT500019720", stdnum},
		{"PT 500135.495", valid, "PT500135495", stdnum},
		{"PT-505 856 468", valid, "PT505856468", stdnum},
		{"PT 501 964 842", badChecksum, "", "python-stdnum stdnum/pt/nif.py doctest"},
		{"PT100000012", badChecksum, "", jsvat + "/portugal.vat.js"},
		{"PT 050019720", badFormat, "", derived + " (leading 0)"},

		{"RO 185 472 90", valid, "RO18547290", stdnum},
		{"RO 573768", valid, "RO573768", stdnum},
		{"RO 1630615123457", valid, "RO1630615123457", stdnum + " (personal code)"},
		{"RO 185 472 91", badChecksum, "", "python-stdnum stdnum/ro/cf.py doctest"},
		{"RO99907", badChecksum, "", jsvat + "/romania.vat.js"},
		{"RO 018547290", badFormat, "", derived + " (leading 0)"},

		{"SE 556728341001", valid, "SE556728341001", stdnum},
		{"SE 202 100-5000 01", valid, "SE202100500001", stdnum},
		{"Se 556250398601", valid, "SE556250398601", stdnum},
		{"SE 123456789101", badChecksum, "", "python-stdnum stdnum/se/vat.py doctest"},
		{"SE 55643359201", badFormat, "", stdnum},
		{"SE556728341002", badFormat, "", derived + " (does not end in 01)"},

		{"SI 26808498", valid, "SI26808498", stdnum},
		{"SI 3609 7152", valid, "SI36097152", stdnum},
		{"SI-89036999", valid, "SI89036999", stdnum},
		{"SI 50223055", badChecksum, "", "python-stdnum stdnum/si/ddv.py doctest"},
		{"SI26808499", badChecksum, "", derived + " (last digit +1)"},
		{"SI 06808498", badFormat, "", derived + " (leading 0)"},

		{"SK 1078449064", valid, "SK1078449064", stdnum},
		{"SK 2021 6858 20", valid, "SK2021685820", stdnum},
		{"SK 202 274 96 19", valid, "SK2022749619", stdnum},
		{"SK 1078449164", badChecksum, "", stdnum},
		{"SK 012 274 96 19", badFormat, "", stdnum},
		{"SK A078449064", badFormat, "", stdnum},

		{"XI 432525179", valid, "XI432525179", "python-stdnum tests/test_eu_vat.doctest (2024)"},
		{"XI151308443", valid, "XI151308443", "codingjoe/django-vies PR #253, confirmed in VIES"},
		{"xi 980 7806 84", valid, "XI980780684", "python-stdnum stdnum/gb/vat.py doctest (GB number, same rules)"},
		{"XI 802311781", badChecksum, "", "python-stdnum stdnum/gb/vat.py doctest (GB number, same rules)"},
		{"XI12345678901234", badFormat, "", "valvat spec/valvat/syntax_spec.rb"},
		{"XIXI432525179", badFormat, "", "python-stdnum tests/test_eu_vat.doctest (duplicated prefix)"},

		{"GB434031494", valid, "GB434031494", "valvat spec/valvat/checksum/gb_spec.rb"},
		{"GBGD103", valid, "GBGD103", jsvat + "/unitedKingdom.vat.js (government department)"},
		{"GB100000132", valid, "GB100000132", jsvat + "/unitedKingdom.vat.js"},
		{"GB001515146", badChecksum, "", jsvat + "/unitedKingdom.vat.js"},
		{"GB002503442", badChecksum, "", jsvat + "/unitedKingdom.vat.js"},
		{"GBHA103", badFormat, "", derived + " (HA numbers are 500 and above)"},

		{"QQ 124567", badCountry, "", stdnum},
		{"US123456789", badCountry, "", "not a country vatkit knows"},
		{"123456789", badCountry, "", "no prefix"},
		{"", badCountry, "", "empty"},
		{" \u00a0DE\u00a0136 308 783 ", valid, "DE136308783", "no-break spaces from spreadsheet exports"},
		{strings.Repeat("DE136308783 ", 6), badFormat, "", "longer than 64 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.want.String()+"/"+tt.in, func(t *testing.T) {
			assertParse(t, tt.in, tt.want, tt.canon)
		})
	}
}

// TestParseNumberIn covers numbers whose country comes from another column.
func TestParseNumberIn(t *testing.T) {
	tests := []struct {
		c     vat.Country
		in    string
		canon string
		err   error
	}{
		{vat.DE, "136308783", "DE136308783", nil},
		{vat.DE, "DE 136308783", "DE136308783", nil},
		{vat.GR, "094012834", "EL094012834", nil},
		{vat.GR, "GR094012834", "EL094012834", nil},
		{vat.AT, "U13585627", "ATU13585627", nil},
		{vat.FR, "K7399859412", "FRK7399859412", nil},
		{vat.IE, "8D79739I", "IE8D79739I", nil},
		{vat.DE, "FR61954506077", "", vat.ErrFormat},
		{vat.Country("US"), "123", "", vat.ErrUnknownCountry},
	}
	for _, tt := range tests {
		t.Run(string(tt.c)+"/"+tt.in, func(t *testing.T) {
			n, err := vat.ParseNumberIn(tt.c, tt.in)
			if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
				t.Fatalf("ParseNumberIn(%s, %q) error = %v, want %v", tt.c, tt.in, err, tt.err)
			}
			if n.String() != tt.canon {
				t.Fatalf("ParseNumberIn(%s, %q) = %q, want %q", tt.c, tt.in, n, tt.canon)
			}
		})
	}
}

// TestNumberErrorHidesInput: errors name the country and the rule, never the
// digits, which may identify a person (a Czech birth number, say).
func TestNumberErrorHidesInput(t *testing.T) {
	for _, in := range []string{"CZ 7103192746", "CZ 1103492745", "ES 54362415K", "BG 10X8735941", "QQ 124567", "ZZ999999"} {
		_, err := vat.ParseNumber(in)
		if err == nil {
			t.Fatalf("ParseNumber(%q) succeeded", in)
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "vat: ") {
			t.Errorf("error %q lacks the package prefix", msg)
		}
		national := strings.TrimSpace(in[2:])
		for _, part := range strings.Fields(national) {
			if len(part) >= 3 && strings.Contains(msg, part) {
				t.Errorf("error %q repeats %q of the input", msg, part)
			}
		}
		if strings.Contains(msg, in[:2]) && !strings.HasPrefix(in, "CZ") && !strings.HasPrefix(in, "ES") && !strings.HasPrefix(in, "BG") {
			t.Errorf("error %q names an unknown prefix", msg)
		}
	}
}

func TestNumberAccessors(t *testing.T) {
	n, err := vat.ParseNumber("el 094012834")
	if err != nil {
		t.Fatal(err)
	}
	if got := n.Country(); got != vat.GR {
		t.Errorf("Country() = %s, want GR", got)
	}
	if n.Prefix() != "EL" || n.National() != "094012834" {
		t.Errorf("Prefix(), National() = %q, %q", n.Prefix(), n.National())
	}
	var zero vat.Number
	if !zero.IsZero() || zero.Country() != "" || zero.Prefix() != "" || zero.National() != "" || zero.String() != "" {
		t.Error("zero Number is not empty")
	}
}

func TestNumberText(t *testing.T) {
	var n vat.Number
	if err := n.UnmarshalText([]byte("de 136 308 783")); err != nil || n.String() != "DE136308783" {
		t.Fatalf("UnmarshalText = %v, %s", err, n)
	}
	b, _ := n.MarshalText()
	if string(b) != "DE136308783" {
		t.Fatalf("MarshalText = %s", b)
	}
	// Check digits are advisory: a stored number keeps its value.
	if err := n.UnmarshalText([]byte("DE125014855")); err != nil || n.String() != "DE125014855" {
		t.Fatalf("UnmarshalText(bad check digits) = %v, %s", err, n)
	}
	if err := n.UnmarshalText([]byte("DE12")); !errors.Is(err, vat.ErrFormat) {
		t.Fatalf("UnmarshalText(malformed) = %v", err)
	}
	if err := n.UnmarshalText(nil); err != nil || !n.IsZero() {
		t.Fatalf("UnmarshalText(empty) = %v, %s", err, n)
	}
}
