package vault

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"sync"
)

// Sealed record layout, version 1:
//
//	version (1 byte, = 1) ‖ key generation (4 bytes, big-endian)
//	‖ nonce (12 bytes, random) ‖ AES-256-GCM ciphertext ‖ tag (16 bytes)
//
// The plaintext under the cipher is uvarint(len(v)) ‖ v ‖ content, where v
// is the value the blind index was computed from (empty when the record has
// no index), so that a password change can recompute the index under the
// new key without the caller's help.
//
// The associated data binds the record to its place: a fixed label, the
// format version, tenant, kind, id, period (each length-prefixed) and the
// key generation. A ciphertext copied to another row, kind, period or tenant,
// or relabelled with another generation, fails authentication.
const (
	formatV1   = 1
	headerSize = 1 + 4
	nonceSize  = 12
	tagSize    = 16
	minSealed  = headerSize + nonceSize + tagSize
	aadLabel   = "vatkit/vault/v1/record"
)

// aadSize is the length of recordAAD's output.
func aadSize(tenant, kind, id, period string) int {
	return len(aadLabel) + 1 + 4*2 + len(tenant) + len(kind) + len(id) + len(period) + 4
}

// recordAAD appends the associated data of a record to b.
func recordAAD(b []byte, tenant, kind, id, period string, gen uint32) []byte {
	b = append(b, aadLabel...)
	b = append(b, formatV1)
	b = lengthPrefixed(b, tenant)
	b = lengthPrefixed(b, kind)
	b = lengthPrefixed(b, id)
	b = lengthPrefixed(b, period)
	return binary.BigEndian.AppendUint32(b, gen)
}

// seal encrypts content (and the index value v) for the given place.
//
// It makes one allocation: the header, then the payload written where the
// ciphertext will go (crypto/cipher allows the plaintext to start exactly
// at the output), then, past the output, the associated data.
func (k *keySet) seal(kind, id, period string, v, content []byte) []byte {
	plen := uvarintLen(uint64(len(v))) + len(v) + len(content)
	size := headerSize + k.aead.Overhead() + plen
	buf := make([]byte, size+aadSize(k.tenant, kind, id, period))
	buf[0] = formatV1
	binary.BigEndian.PutUint32(buf[1:], k.gen)
	payload := binary.AppendUvarint(buf[headerSize:headerSize], uint64(len(v)))
	payload = append(append(payload, v...), content...)
	aad := recordAAD(buf[size:size], k.tenant, kind, id, period, k.gen)
	out := k.aead.Seal(buf[:headerSize], nil, payload, aad)
	return out[:len(out):len(out)]
}

func uvarintLen(x uint64) int {
	n := 1
	for ; x >= 0x80; x >>= 7 {
		n++
	}
	return n
}

// open authenticates and decrypts sealed bytes stored at the given place.
// It returns the index value and the content, both sub-slices of one fresh
// buffer. Every failure is ErrCannotOpen.
func (k *keySet) open(kind, id, period string, sealed []byte) (v, content []byte, err error) {
	gen, ok := sealedGeneration(sealed)
	if !ok || gen != k.gen {
		return nil, nil, ErrCannotOpen
	}
	plen := len(sealed) - headerSize - k.aead.Overhead()
	// The content is kept by callers (a report holds a month of it), so
	// it gets an allocation of its own; the associated data, clear
	// metadata only, goes into a pooled buffer.
	ab := aadPool.Get().(*[]byte)
	aad := recordAAD((*ab)[:0], k.tenant, kind, id, period, gen)
	payload, err := k.aead.Open(make([]byte, 0, plen), nil, sealed[headerSize:], aad)
	*ab = aad[:0]
	aadPool.Put(ab)
	if err != nil {
		return nil, nil, ErrCannotOpen
	}
	n, w := binary.Uvarint(payload)
	if w <= 0 || n > uint64(len(payload)-w) {
		wipe(payload)
		return nil, nil, ErrCannotOpen
	}
	end := w + int(n)
	return payload[w:end:end], payload[end:], nil
}

// aadPool holds buffers for the associated data of records being opened.
var aadPool = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// sealedGeneration reads the key generation from the header of sealed
// bytes, reporting false for anything that is not a version-1 record of a
// plausible length.
func sealedGeneration(sealed []byte) (uint32, bool) {
	if len(sealed) < minSealed || sealed[0] != formatV1 {
		return 0, false
	}
	return binary.BigEndian.Uint32(sealed[1:headerSize]), true
}

// IndexSize is the length in bytes of a blind-index token: HMAC-SHA256
// truncated to 128 bits.
//
// The store refuses a second record with the same token in a tenant and
// kind (that is how a line uploaded twice, even by two processes at once,
// is stored once), so a collision between two different lines would drop
// one of them. At 128 bits the chance that any two of a billion lines of
// one tenant collide is below 10⁻²⁰. Records sealed before tokens grew from
// 64 bits keep their 8-byte tokens, still open (the short token is checked
// as a prefix), and get the long one at the next password change.
//
// What a reader of the database learns from tokens: which records of one
// tenant and kind share a line identity (none do, by the unique key) and
// how many lines a tenant has — nothing about the lines themselves. The
// index key is per tenant and derived from the password, so without the
// password no token can be computed for a guessed value, and equal lines of
// two tenants have unrelated tokens.
const IndexSize = 16

// legacyIndexSize is the token length of records sealed before IndexSize
// grew; such tokens still verify as a prefix.
const legacyIndexSize = 8

// token computes the blind index of value v for records of one kind.
func (k *keySet) token(kind string, v []byte) []byte {
	return k.index.token(make([]byte, 0, sha256.Size), kind, v)[:IndexSize]
}

// tokenMatches reports whether a stored token is the token of v, in its
// current or its legacy length.
func (k *keySet) tokenMatches(stored []byte, kind string, v []byte) bool {
	t := k.token(kind, v)
	if len(stored) == legacyIndexSize {
		return hmac.Equal(stored, t[:legacyIndexSize])
	}
	return hmac.Equal(stored, t)
}
