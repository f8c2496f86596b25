package ingest

import (
	"math/big"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/vat"
)

// storedFields is how many fields each struct inside a Stored has as the
// binary form (version 1) and this test know them. A field added to any
// of them must be written by AppendStored and read by DecodeStored (under
// a new version byte, the old versions still read), then counted here.
var storedFields = map[reflect.Type]int{
	reflect.TypeFor[Stored]():           2,
	reflect.TypeFor[vat.Transaction]():  23,
	reflect.TypeFor[vat.Buyer]():        5,
	reflect.TypeFor[vat.VIESEvidence](): 3,
}

// TestStoredCoversEveryField: every field of a Stored, down to the
// buyer's VIES evidence, survives the binary form. Each round fills every
// field by reflection with a random value that is not zero, so a field
// that AppendStored forgets comes back zero and fails the test, and a
// field of a type the filler does not know fails it too.
func TestStoredCoversEveryField(t *testing.T) {
	for typ, n := range storedFields {
		if typ.NumField() != n {
			t.Errorf("%s has %d fields, the stored form knows %d: encode the new field in AppendStored and DecodeStored "+
				"(a new version byte; earlier versions stay readable), then update storedFields", typ, typ.NumField(), n)
		}
	}
	rng := rand.New(rand.NewPCG(13, 1))
	for round := range 500 {
		var want Stored
		fillRandom(t, rng, "Stored", reflect.ValueOf(&want).Elem())
		got, err := DecodeStored(AppendStored(nil, &want))
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if d := diffStored(want, got); d != "" {
			t.Fatalf("round %d: %s", round, d)
		}
	}
}

// fillRandom sets v, and every field inside it, to a random value that is
// not the zero value.
func fillRandom(t *testing.T, rng *rand.Rand, path string, v reflect.Value) {
	switch {
	case v.Type() == decimalType:
		v.Set(reflect.ValueOf(randomDecimal(rng)))
	case v.Type() == timeType:
		v.Set(reflect.ValueOf(randomTime(rng)))
	case v.Type() == numberType:
		v.Set(reflect.ValueOf(randomNumber(t, rng)))
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			fillRandom(t, rng, path+"."+v.Type().Field(i).Name, v.Field(i))
		}
	case v.Kind() == reflect.String:
		b := make([]byte, 1+rng.IntN(24))
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		v.SetString(string(b))
	case v.CanInt():
		v.SetInt(int64(rng.Uint64()>>(64-v.Type().Bits())) | 1)
	case v.CanUint():
		v.SetUint(rng.Uint64()>>(64-v.Type().Bits()) | 1)
	case v.Kind() == reflect.Bool:
		v.SetBool(true)
	default:
		t.Fatalf("%s is a %s, which this test cannot fill: teach fillRandom, AppendStored and DecodeStored", path, v.Type())
	}
}

// randomDecimal draws from every path of the encoding: small amounts,
// int64 coefficients of any size, huge coefficients, and exponents inside
// and far outside the fast path's range.
func randomDecimal(rng *rand.Rand) decimal.Decimal {
	exp := int32(rng.IntN(9) - 6)
	if rng.IntN(4) == 0 {
		exp = int32(rng.Uint32())
	}
	switch rng.IntN(3) {
	case 0:
		return decimal.New(rng.Int64N(1_000_000)-500_000|1, exp)
	case 1:
		return decimal.New(int64(rng.Uint64())|1, exp)
	default:
		c := new(big.Int).Lsh(big.NewInt(rng.Int64()|1), uint(rng.IntN(300)))
		if rng.IntN(2) == 0 {
			c.Neg(c)
		}
		return decimal.NewFromBigInt(c, exp)
	}
}

// randomTime draws instants from year 1 to 9999 with and without a time
// of day and nanoseconds, in UTC and in fixed zones east and west.
func randomTime(rng *rand.Rand) time.Time {
	const first, last = -62135596800, 253402300799 // 0001-01-01, 9999-12-31
	sec := first + rng.Int64N(last-first)
	if rng.IntN(2) == 0 {
		sec -= sec % secondsPerDay
	}
	t := time.Unix(sec, rng.Int64N(1e9)*int64(rng.IntN(2)))
	switch rng.IntN(3) {
	case 0:
		return t.UTC()
	case 1:
		return t.In(time.FixedZone("", (rng.IntN(27)-12)*3600))
	default:
		return t.In(time.FixedZone("", rng.IntN(2*secondsPerDay-1)-secondsPerDay+1))
	}
}

// randomNumber picks a VAT number of one of several member states; one
// fails its check digits, which a stored number may.
func randomNumber(t *testing.T, rng *rand.Rand) vat.Number {
	numbers := []string{"DE136695976", "EL094259216", "ATU13585627", "NL004495445B01", "FRXX999999999", "DE123456789"}
	n, err := vat.ParseNumber(numbers[rng.IntN(len(numbers))])
	if n.IsZero() {
		t.Fatalf("a test VAT number does not parse: %v", err)
	}
	return n
}
