package vault

import (
	"crypto/sha256"
	"encoding"
	"hash"
	"sync"
)

// indexer computes HMAC-SHA256 (RFC 2104) under one key, many times. It
// keeps the key only as the two SHA-256 states after the padded key blocks
// — which is all HMAC needs — in buffers it owns, so that wipe really clears
// them; crypto/hmac keeps its copies where nothing can clear them. Hash
// states are pooled: a token costs the two compressions of the message and
// no key set-up. It is safe for concurrent use until wipe.
type indexer struct {
	mu           sync.RWMutex
	inner, outer []byte // marshalled sha256 states after ipad and opad
	pool         sync.Pool
}

func newIndexer(key []byte) *indexer {
	var block [sha256.BlockSize]byte
	copy(block[:], key) // keys are 32 bytes: never longer than a block
	x := &indexer{pool: sync.Pool{New: func() any { return sha256.New() }}}
	x.inner = padState(block, 0x36)
	x.outer = padState(block, 0x5c)
	clear(block[:])
	return x
}

// padState returns the marshalled SHA-256 state after one block of
// key ⊕ pad.
func padState(key [sha256.BlockSize]byte, pad byte) []byte {
	for i := range key {
		key[i] ^= pad
	}
	h := sha256.New()
	h.Write(key[:])
	clear(key[:])
	st, err := h.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		panic("vault: sha256 state cannot be saved: " + err.Error())
	}
	h.Reset()
	return st
}

// token appends HMAC(key, len16(kind) ‖ v) to dst.
func (x *indexer) token(dst []byte, kind string, v []byte) []byte {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.inner == nil {
		panic("vault: blind index used after its key was wiped")
	}
	h := x.pool.Get().(hash.Hash)
	defer func() { h.Reset(); x.pool.Put(h) }()
	restore(h, x.inner)
	var pre [2]byte
	pre[0], pre[1] = byte(len(kind)>>8), byte(len(kind))
	h.Write(pre[:])
	h.Write([]byte(kind))
	h.Write(v)
	var sum [sha256.Size]byte
	in := h.Sum(sum[:0])
	restore(h, x.outer)
	h.Write(in)
	clear(sum[:])
	return h.Sum(dst)
}

func restore(h hash.Hash, state []byte) {
	if err := h.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err != nil {
		panic("vault: sha256 state cannot be restored: " + err.Error())
	}
}

// wipe clears the key states; the indexer cannot be used afterwards.
func (x *indexer) wipe() {
	if x == nil {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	wipe(x.inner)
	wipe(x.outer)
	x.inner, x.outer = nil, nil
	x.pool = sync.Pool{}
}
