package ingest

import (
	"encoding/binary"
	"time"

	"github.com/shopspring/decimal"
)

// Version bytes of the binary form of [Stored]. A JSON text starts with
// white space (0x09 tab and up) or a value ('{', '[', '"', '-', a digit or
// a letter), so a version byte below 0x09 is never mistaken for JSON.
// Adding a field to vat.Transaction changes the layout: it takes the next
// version byte, AppendStored writes the new version, and DecodeStored
// keeps reading every earlier one.
const (
	storedV1 = 0x01
	// storedV2 is version 1's layout with a flags byte where version 1
	// had VIES.Valid alone: bit 0 VIES.Valid, bit 1 Excise.
	storedV2 = 0x02
)

// AppendStored appends the binary form of s to dst and returns the
// extended slice. It allocates nothing when dst has room for the record
// and every amount takes the fast path below (any amount of up to 18
// digits with an exponent within ±127 does); [DecodeStored] reads it back
// exactly: every decimal with its coefficient and exponent (so String
// gives the same text), every time to the nanosecond with its UTC offset.
//
// Version 2 (and version 1, but for one byte) lays a record out as follows (uvarint and varint as
// encoding/binary writes them):
//
//	byte       0x02, the version (0x01 for version 1)
//	uvarint×8  lengths of Source, SourceID, ShipFrom, ShipTo, Currency,
//	           SchemeLabel, OriginalID and the review reason
//	uvarint×4  lengths of the buyer's Name, Address, Email and
//	           VIES.Consultation
//	uvarint×2  lengths of SellerNumber and the buyer's VATNumber (in
//	           their canonical form)
//	varint     Line
//	byte×7     Kind, Supply, ShipToTerritory, Given, RateKind, Collector,
//	           flags: bit 0 VIES.Valid, bit 1 Excise (version 1 has
//	           VIES.Valid alone, 0 or 1)
//	time×2     TaxPoint, VIES.Checked
//	decimal×5  Net, VAT, Gross, Rate, ConsignmentValue
//	bytes      the eight strings, the buyer's four, then the two numbers
//
// A time is a flags byte, 0 for the zero time.Time; otherwise bit 0 is
// set and bits 1, 2 and 3 say which of the optional parts follow the
// varint day (days since 1970-01-01, rounded down): uvarint seconds of the
// day, uvarint nanoseconds, varint UTC offset in seconds. A time comes
// back in UTC when its offset is 0 and in a fixed zone of its offset
// otherwise (a named location such as Europe/Berlin is not kept, as in
// the JSON form; ingest writes tax points in UTC).
//
// A decimal is a byte e: when e is not 0x80 it is the exponent (an int8,
// -127…127) and a varint coefficient follows; 0x80 introduces the exact
// form for any other value: varint exponent, uvarint n·2+sign (sign 1 for
// a negative coefficient), and the n bytes of the coefficient's magnitude,
// big-endian.
func AppendStored(dst []byte, s *Stored) []byte {
	tx := &s.Tx
	biz, buyer := businessStrings(s), buyerStrings(s)
	seller, number := tx.SellerNumber.String(), tx.Buyer.VATNumber.String()
	dst = grow(dst, 64+sumLen(biz[:])+sumLen(buyer[:])+len(seller)+len(number))
	dst = append(dst, storedV2)
	for _, p := range biz {
		dst = binary.AppendUvarint(dst, uint64(len(*p)))
	}
	for _, p := range buyer {
		dst = binary.AppendUvarint(dst, uint64(len(*p)))
	}
	dst = binary.AppendUvarint(dst, uint64(len(seller)))
	dst = binary.AppendUvarint(dst, uint64(len(number)))
	dst = binary.AppendVarint(dst, int64(tx.Line))
	dst = append(dst, byte(tx.Kind), byte(tx.Supply), byte(tx.ShipToTerritory), byte(tx.Given),
		byte(tx.RateKind), byte(tx.Collector), boolByte(tx.Buyer.VIES.Valid)|boolByte(tx.Excise)<<1)
	dst = appendTime(dst, tx.TaxPoint)
	dst = appendTime(dst, tx.Buyer.VIES.Checked)
	for _, d := range [...]*decimal.Decimal{&tx.Net, &tx.VAT, &tx.Gross, &tx.Rate, &tx.ConsignmentValue} {
		dst = appendDecimal(dst, *d)
	}
	for _, p := range biz {
		dst = append(dst, *p...)
	}
	for _, p := range buyer {
		dst = append(dst, *p...)
	}
	return append(append(dst, seller...), number...)
}

// businessStrings are the strings of s that are the seller's business
// facts, in layout order.
func businessStrings(s *Stored) [8]*string {
	tx := &s.Tx
	return [...]*string{&tx.Source, &tx.SourceID, (*string)(&tx.ShipFrom), (*string)(&tx.ShipTo),
		&tx.Currency, &tx.SchemeLabel, &tx.OriginalID, &s.Review}
}

// buyerStrings are the buyer's personal strings (the VAT number aside),
// in layout order.
func buyerStrings(s *Stored) [4]*string {
	b := &s.Tx.Buyer
	return [...]*string{&b.Name, &b.Address, &b.Email, &b.VIES.Consultation}
}

func sumLen(ps []*string) int {
	n := 0
	for _, p := range ps {
		n += len(*p)
	}
	return n
}

// grow makes room for n more bytes in one step, so that a record costs
// at most one allocation when dst is too small.
func grow(dst []byte, n int) []byte {
	if cap(dst)-len(dst) >= n {
		return dst
	}
	return append(dst, make([]byte, n)...)[:len(dst)]
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// The flags of a time.
const (
	timeSet    = 1 << iota // not the zero time.Time
	timeClock              // seconds of the day follow
	timeNanos              // nanoseconds follow
	timeOffset             // a UTC offset follows
	timeFlags  = timeSet | timeClock | timeNanos | timeOffset
)

const secondsPerDay = 24 * 60 * 60

func appendTime(dst []byte, t time.Time) []byte {
	_, offset := t.Zone()
	if t.IsZero() && offset == 0 {
		return append(dst, 0)
	}
	unix := t.Unix()
	day, clock := unix/secondsPerDay, unix%secondsPerDay
	if clock < 0 {
		day, clock = day-1, clock+secondsPerDay
	}
	nanos := t.Nanosecond()
	flags := byte(timeSet)
	if clock != 0 {
		flags |= timeClock
	}
	if nanos != 0 {
		flags |= timeNanos
	}
	if offset != 0 {
		flags |= timeOffset
	}
	dst = binary.AppendVarint(append(dst, flags), day)
	if clock != 0 {
		dst = binary.AppendUvarint(dst, uint64(clock))
	}
	if nanos != 0 {
		dst = binary.AppendUvarint(dst, uint64(nanos))
	}
	if offset != 0 {
		dst = binary.AppendVarint(dst, int64(offset))
	}
	return dst
}

// decimalExact is the byte that introduces a decimal outside the fast path.
const decimalExact = 0x80

// fastDigits is the most coefficient digits of the fast path: any such
// coefficient fits an int64.
const fastDigits = 18

func appendDecimal(dst []byte, d decimal.Decimal) []byte {
	exp := d.Exponent()
	// NumDigits counts an int64 coefficient without allocating.
	if -127 <= exp && exp <= 127 && d.NumDigits() <= fastDigits {
		return binary.AppendVarint(append(dst, byte(int8(exp))), d.CoefficientInt64())
	}
	c := d.Coefficient()
	n := (c.BitLen() + 7) / 8
	sign := uint64(0)
	if c.Sign() < 0 {
		sign = 1
	}
	dst = binary.AppendVarint(append(dst, decimalExact), int64(exp))
	dst = binary.AppendUvarint(dst, uint64(n)<<1|sign)
	dst = grow(dst, n)
	dst = dst[:len(dst)+n]
	c.FillBytes(dst[len(dst)-n:])
	return dst
}
