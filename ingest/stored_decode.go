package ingest

import (
	"encoding/binary"
	"errors"
	"math"
	"math/big"
	"time"

	"github.com/shopspring/decimal"

	"github.com/vatkit/vatkit/vat"
)

// decodeStoredV1 reads versions 1 and 2 of the binary form (laid out as
// AppendStored documents). Every length is checked against the bytes
// present before anything is allocated for it, so no content makes the
// decoder allocate more than a few times its own size.
func decodeStoredV1(content []byte) (Stored, error) { return decodeV1(content, false) }

// decodeV1 is decodeStoredV1; with keysOnly it checks every field as
// thoroughly but keeps only those of [StoredKeys], allocating nothing for
// the rest.
func decodeV1(content []byte, keysOnly bool) (Stored, error) {
	var s Stored
	r := storedReader{b: content[1:], keysOnly: keysOnly, version: content[0]}
	biz, buyer := businessStrings(&s), buyerStrings(&s)
	var bizLen [len(biz)]int
	var buyerLen [len(buyer)]int
	for i := range biz {
		bizLen[i] = r.length()
	}
	for i := range buyer {
		buyerLen[i] = r.length()
	}
	sellerLen, numberLen := r.length(), r.length()
	r.fixed(&s.Tx)
	if r.bad || len(r.b) != sum(bizLen[:])+sum(buyerLen[:])+sellerLen+numberLen {
		return Stored{}, ErrStored
	}
	if keysOnly {
		// Source, SourceID and ShipFrom lead the business strings.
		r.b = r.strings(biz[:3], bizLen[:3])
		r.b = r.b[sum(bizLen[3:])+sum(buyerLen[:]):]
	} else {
		r.b = r.strings(biz[:], bizLen[:])
		r.b = r.strings(buyer[:], buyerLen[:])
	}
	s.Tx.SellerNumber = r.number(sellerLen)
	s.Tx.Buyer.VATNumber = r.number(numberLen)
	if r.bad {
		return Stored{}, ErrStored
	}
	return s, nil
}

// number reads a VAT number of n bytes in its canonical form. A number
// whose only fault is its check digits was kept when it was read (they
// are advisory), as vat.Number.UnmarshalText keeps it; so it is here.
func (r *storedReader) number(n int) vat.Number {
	if n == 0 {
		return vat.Number{}
	}
	num, err := vat.ParseNumber(string(r.b[:n]))
	if err != nil && !errors.Is(err, vat.ErrChecksum) {
		r.bad = true
	}
	r.b = r.b[n:]
	return num
}

// storedReader reads a record's fields in turn; after the first
// malformed one it reads nothing and bad stays set.
type storedReader struct {
	b   []byte
	bad bool
	// keysOnly checks amounts without making decimals of them.
	keysOnly bool
	version  byte
}

// fixed reads the fields between the string lengths and the strings.
func (r *storedReader) fixed(tx *vat.Transaction) {
	tx.Line = r.int()
	tx.Kind, tx.Supply, tx.ShipToTerritory = vat.Kind(r.byte()), vat.Supply(r.byte()), vat.Territory(r.byte())
	tx.Given = vat.Field(r.byte())
	tx.RateKind, tx.Collector = vat.RateKind(r.byte()), vat.Collector(r.byte())
	flags := r.byte()
	if flags > 1 && (r.version == storedV1 || flags > 3) {
		r.bad = true
	}
	tx.Buyer.VIES.Valid, tx.Excise = flags&1 != 0, flags&2 != 0
	tx.TaxPoint = r.time()
	tx.Buyer.VIES.Checked = r.time()
	for _, d := range [...]*decimal.Decimal{&tx.Net, &tx.VAT, &tx.Gross, &tx.Rate, &tx.ConsignmentValue} {
		*d = r.decimal()
	}
}

// strings sets each of ps to its slice of the next sum(lens) bytes, all
// from one allocation, and returns the bytes after them.
func (r *storedReader) strings(ps []*string, lens []int) []byte {
	total := sum(lens)
	if total == 0 {
		return r.b
	}
	all := string(r.b[:total])
	at := 0
	for i, p := range ps {
		*p = all[at : at+lens[i]]
		at += lens[i]
	}
	return r.b[total:]
}

func sum(ns []int) int {
	t := 0
	for _, n := range ns {
		t += n
	}
	return t
}

func (r *storedReader) byte() byte {
	if r.bad || len(r.b) == 0 {
		r.bad = true
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *storedReader) uvarint() uint64 { return next(r, binary.Uvarint) }
func (r *storedReader) varint() int64   { return next(r, binary.Varint) }

// next reads one varint with read, which is binary.Uvarint or Varint.
func next[T uint64 | int64](r *storedReader, read func([]byte) (T, int)) T {
	if r.bad {
		return 0
	}
	v, n := read(r.b)
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

// length reads a byte count, which can never exceed the record's size.
func (r *storedReader) length() int {
	v := r.uvarint()
	if v > maxStored {
		r.bad = true
		return 0
	}
	return int(v)
}

func (r *storedReader) int() int {
	v := r.varint()
	if v != int64(int(v)) {
		r.bad = true
		return 0
	}
	return int(v)
}

func (r *storedReader) time() time.Time {
	flags := r.byte()
	if flags == 0 || r.bad {
		return time.Time{}
	}
	day := r.varint()
	var clock, nanos uint64
	var offset int64
	if flags&timeClock != 0 {
		clock = r.nonzero(r.uvarint(), secondsPerDay)
	}
	if flags&timeNanos != 0 {
		nanos = r.nonzero(r.uvarint(), 1e9)
	}
	if flags&timeOffset != 0 {
		offset = r.varint()
		r.nonzero(uint64(max(offset, -offset)), secondsPerDay)
	}
	if flags&^timeFlags != 0 || flags&timeSet == 0 {
		r.bad = true
	}
	// Wrapping arithmetic is what time.Time.Unix did to every instant,
	// so day and clock give back exactly the seconds written.
	t := time.Unix(day*secondsPerDay+int64(clock), int64(nanos))
	if offset == 0 {
		return t.UTC()
	}
	return t.In(time.FixedZone("", int(offset)))
}

// nonzero returns v, marking the record bad unless 0 < v < limit: an
// optional part is written only when it is not zero.
func (r *storedReader) nonzero(v, limit uint64) uint64 {
	if v == 0 || v >= limit {
		r.bad = true
	}
	return v
}

func (r *storedReader) decimal() decimal.Decimal {
	e := r.byte()
	if r.bad {
		return decimal.Decimal{}
	}
	if e != decimalExact {
		c := r.varint()
		if (c == 0 && e == 0) || r.keysOnly {
			return decimal.Decimal{}
		}
		return decimal.New(c, int32(int8(e)))
	}
	exp := r.varint()
	head := r.uvarint()
	if r.bad || exp < math.MinInt32 || exp > math.MaxInt32 || head>>1 > uint64(len(r.b)) {
		r.bad = true
		return decimal.Decimal{}
	}
	n := int(head >> 1)
	if r.keysOnly {
		r.b = r.b[n:]
		return decimal.Decimal{}
	}
	c := new(big.Int).SetBytes(r.b[:n])
	r.b = r.b[n:]
	if head&1 == 1 {
		c.Neg(c)
	}
	return decimal.NewFromBigInt(c, int32(exp))
}
