package vat

import (
	"hash/maphash"
	"maps"
	"slices"

	"github.com/shopspring/decimal"
)

// saleIndex remembers, for every sale a later refund or return may name,
// what the refund takes from the sale's treatment (see refundBase), in
// about twelve bytes a sale however long the source's ids are. A seller's
// history may hold millions of sales, and the classifier keeps them all.
//
// A sale's id is kept as a 64-bit hash keyed with a seed drawn per index,
// so nobody can choose ids that collide; two ids of one history collide
// with a probability of about n²/2⁶⁵ (10⁻⁷ for ten million sales). Its
// treatment is kept as the number of a class: sales fall into few classes
// (country, origin, rate, period, scheme, currency), so the classes cost
// nothing beside the ids. The ids live in two parts: a map of the latest
// sales, and a sorted array of the others, into which the map is merged
// whenever it holds a sixteenth as many; the array packs twelve bytes a
// sale, where a map needs twice that.
type saleIndex struct {
	seed    maphash.Seed
	keys    []uint64 // sorted
	vals    []uint32 // the class of keys[i]
	recent  map[uint64]uint32
	classes []Treatment
	classOf map[saleClass]uint32
}

// minRecent is how many sales the map holds before it is merged at the
// earliest.
const minRecent = 1 << 14

// saleClass is the comparable form of a refundBase treatment. The rate is
// kept exactly, exponent included, so that the treatment given back is the
// one stored.
type saleClass struct {
	scheme                     Scheme
	country, acquisition, from Country
	supply                     Supply
	kind                       RateKind
	rate                       string
	exp                        int32
	currency                   string
	period                     Period
	flags                      Flag
}

// refundFlags are the flags of a sale that its refunds keep.
const refundFlags = FlagUnvalidatedVATNumber | FlagNotRegistered

// refundBase is what a refund keeps of its sale's treatment: everything
// but the amounts, which the refund's own replace, the flags other than
// refundFlags, and the sale's stated VAT and reason.
func refundBase(t Treatment) Treatment {
	t.Flags &= refundFlags
	t.Taxable, t.VAT, t.SourceVAT = decimal.Decimal{}, decimal.Decimal{}, decimal.Decimal{}
	t.Derived, t.Reason = 0, ""
	return t
}

func (s *saleIndex) key(id string) uint64 {
	if s.recent == nil {
		s.seed = maphash.MakeSeed()
		s.recent = make(map[uint64]uint32)
		s.classOf = make(map[saleClass]uint32)
	}
	return maphash.String(s.seed, id)
}

// put remembers the sale id with treatment t; a later sale with the same
// id replaces it.
func (s *saleIndex) put(id string, t *Treatment) {
	k := s.key(id)
	base := refundBase(*t)
	c := saleClass{base.Scheme, base.Country, base.Acquisition, base.DispatchedFrom, base.Supply, base.RateKind,
		base.Rate.String(), base.Rate.Exponent(), base.Currency, base.Period, base.Flags}
	n, ok := s.classOf[c]
	if !ok {
		n = uint32(len(s.classes))
		s.classes = append(s.classes, base)
		s.classOf[c] = n
	}
	s.recent[k] = n
	if len(s.recent) >= max(minRecent, len(s.keys)/16) {
		s.merge()
	}
}

// get returns refundBase of the treatment of the sale id.
func (s *saleIndex) get(id string) (Treatment, bool) {
	if s.recent == nil {
		return Treatment{}, false
	}
	k := s.key(id)
	n, ok := s.recent[k]
	if !ok {
		i, found := slices.BinarySearch(s.keys, k)
		if !found {
			return Treatment{}, false
		}
		n = s.vals[i]
	}
	return s.classes[n], true
}

// merge moves the recent sales into the sorted arrays; a recent sale
// replaces an older one with the same id. It merges from the back, in
// place, into arrays that keep an eighth of room to spare, so that most
// merges allocate nothing and none holds two copies of the history but
// while the arrays grow.
func (s *saleIndex) merge() {
	add := slices.Sorted(maps.Keys(s.recent))
	n := len(s.keys) + len(add)
	for _, k := range add {
		if _, found := slices.BinarySearch(s.keys, k); found {
			n--
		}
	}
	if n > cap(s.keys) {
		room := n + n/8
		s.keys = append(make([]uint64, 0, room), s.keys...)
		s.vals = append(make([]uint32, 0, room), s.vals...)
	}
	i, j := len(s.keys)-1, len(add)-1
	s.keys, s.vals = s.keys[:n], s.vals[:n]
	for w := n - 1; j >= 0; w-- {
		switch {
		case i >= 0 && s.keys[i] > add[j]:
			s.keys[w], s.vals[w] = s.keys[i], s.vals[i]
			i--
		default:
			if i >= 0 && s.keys[i] == add[j] {
				i-- // replaced
			}
			s.keys[w], s.vals[w] = add[j], s.recent[add[j]]
			j--
		}
	}
	clear(s.recent)
}
