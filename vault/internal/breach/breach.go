// Package breach holds the compact form of a password list: sorted,
// truncated SHA-256 hashes, bucketed by their first 16 bits.
//
// Each entry is the first 40 bits of SHA-256 of the password. The top 16
// bits choose one of 65,536 buckets and only the other 24 are stored, so an
// entry costs 3 bytes plus a 1-byte count per bucket. A password not on
// the list matches some entry with probability n/2⁴⁰ (under 4·10⁻⁷ for
// n = 425,000). The list is public data: hashing only keeps it small.
//
// Layout: the magic "vkbl1\n", the entry count (4 bytes, big-endian), 65,536
// one-byte bucket sizes, then every entry's low 24 bits (3 bytes,
// big-endian), bucket by bucket, ascending within each bucket.
package breach

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"slices"
)

const (
	magic   = "vkbl1\n"
	buckets = 1 << 16
	header  = len(magic) + 4 + buckets
)

// ErrFormat is returned by Parse for bytes that are not a list.
var ErrFormat = errors.New("breach: not a password list")

// List answers membership queries. It is read-only after Parse and safe
// for concurrent use.
type List struct {
	start [buckets + 1]uint32 // entry index where each bucket starts
	rests []byte              // 3 bytes per entry
}

// key returns the bucket and the stored low 24 bits of p's hash.
func key(p []byte) (bucket uint16, rest uint32) {
	sum := sha256.Sum256(p)
	return binary.BigEndian.Uint16(sum[:2]), uint32(sum[2])<<16 | uint32(sum[3])<<8 | uint32(sum[4])
}

// Encode returns the compact form of the passwords given, which must
// already be normalised as the caller will look them up. Duplicates are
// stored once. It fails if a bucket would hold more than 255 entries,
// which for lists under a few million entries does not happen.
func Encode(passwords [][]byte) ([]byte, error) {
	var byBucket [buckets][]uint32
	for _, p := range passwords {
		b, r := key(p)
		byBucket[b] = append(byBucket[b], r)
	}
	out := append([]byte(magic), 0, 0, 0, 0)
	out = append(out, make([]byte, buckets)...)
	n := 0
	for b := range byBucket {
		rests := slices.Compact(slices.Sorted(slices.Values(byBucket[b])))
		if len(rests) > 255 {
			return nil, errors.New("breach: a bucket holds more than 255 entries")
		}
		out[len(magic)+4+b] = byte(len(rests))
		for _, r := range rests {
			out = append(out, byte(r>>16), byte(r>>8), byte(r))
		}
		n += len(rests)
	}
	binary.BigEndian.PutUint32(out[len(magic):], uint32(n))
	return out, nil
}

// Parse reads the compact form. The List refers to data, which must not
// change afterwards.
func Parse(data []byte) (*List, error) {
	if len(data) < header || !bytes.HasPrefix(data, []byte(magic)) {
		return nil, ErrFormat
	}
	n := binary.BigEndian.Uint32(data[len(magic):])
	l := &List{rests: data[header:]}
	for b, size := range data[len(magic)+4 : header] {
		l.start[b+1] = l.start[b] + uint32(size)
	}
	if l.start[buckets] != n || uint64(len(l.rests)) != 3*uint64(n) {
		return nil, ErrFormat
	}
	for b := range buckets {
		for i := l.start[b] + 1; i < l.start[b+1]; i++ {
			if l.rest(i-1) >= l.rest(i) {
				return nil, ErrFormat
			}
		}
	}
	return l, nil
}

func (l *List) rest(i uint32) uint32 {
	e := l.rests[3*i : 3*i+3]
	return uint32(e[0])<<16 | uint32(e[1])<<8 | uint32(e[2])
}

// Len returns the number of entries.
func (l *List) Len() int { return int(l.start[buckets]) }

// Contains reports whether p is on the list (or, with the probability the
// package doc gives, collides with an entry).
func (l *List) Contains(p []byte) bool {
	b, r := key(p)
	lo, hi := l.start[b], l.start[b+1]
	for lo < hi { // a bucket holds a handful of entries: binary search
		mid := lo + (hi-lo)/2
		switch v := l.rest(mid); {
		case v == r:
			return true
		case v < r:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return false
}
