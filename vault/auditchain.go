package vault

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// The audit chain is keyed: every entry's Hash is HMAC-SHA256, under the
// operator's audit key, of the previous entry's Hash and the entry itself,
// and a purge checkpoint carries an HMAC of its own. Whoever can rewrite the
// audit table but does not hold the key cannot remove, edit, reorder or
// insert an entry, nor move the checkpoint, without [Audit.Verify] naming
// the first entry that no longer fits. Removing the newest entries is
// caught by comparing with the head kept outside the table ([HeadKeeper]).
const (
	labelAuditEntry      = "vatkit/vault/v2/audit-entry"
	labelAuditCheckpoint = "vatkit/vault/v2/audit-checkpoint"
)

// AuditKeySize is the size of an audit key in bytes.
const AuditKeySize = 32

// Link names one entry of the chain: its sequence number and hash. The
// zero Link is the start of a chain that was never purged.
type Link struct {
	Seq  uint64 `json:"seq"`
	Hash Digest `json:"hash"`
}

// Checkpoint is where a verifiable chain starts after a purge: the last
// entry purged, the time before which entries were purged, and an HMAC of
// both under the audit key. The zero Checkpoint starts a chain never
// purged.
type Checkpoint struct {
	Link
	Before time.Time `json:"before"`
	MAC    Digest    `json:"mac"`
}

// ErrChainBroken is matched (errors.Is) by every [ChainError].
var ErrChainBroken = errors.New("vault: audit chain broken")

// ChainError tells which entry of an audit chain is the first that fails
// verification, and why. Seq 0 means the checkpoint itself.
type ChainError struct {
	Seq    uint64
	Reason string
}

func (e *ChainError) Error() string {
	if e.Seq == 0 {
		return "vault: audit chain broken at the checkpoint: " + e.Reason
	}
	return fmt.Sprintf("vault: audit chain broken at entry %d: %s", e.Seq, e.Reason)
}

// Is makes errors.Is(err, ErrChainBroken) true.
func (e *ChainError) Is(target error) bool { return target == ErrChainBroken }

// The reasons a ChainError gives.
const (
	reasonMissing   = "missing (removed, or the newest entries were cut off)"
	reasonAltered   = "altered (its contents do not match its keyed hash)"
	reasonOrder     = "out of order or duplicated"
	reasonBadCP     = "the checkpoint does not match its keyed hash (forged or altered)"
	reasonHeadMoved = "does not match the head published outside the store"
)

// chain computes the keyed hashes of one audit chain.
type chain struct {
	key []byte
}

// entryMAC is HMAC-SHA256(key, label ‖ prev ‖ seq ‖ time ‖ tenant ‖ type ‖
// count), every field fixed-size or length-prefixed.
func (c chain) entryMAC(prev Digest, seq uint64, e Event) Digest {
	b := make([]byte, 0, 128)
	b = append(b, labelAuditEntry...)
	b = append(b, prev[:]...)
	b = binary.BigEndian.AppendUint64(b, seq)
	b = binary.BigEndian.AppendUint64(b, uint64(e.Time.UnixNano()))
	b = lengthPrefixed(b, e.Tenant)
	b = lengthPrefixed(b, string(e.Type))
	b = binary.BigEndian.AppendUint64(b, uint64(e.Count))
	return c.sum(b)
}

// checkpointMAC is HMAC-SHA256(key, label ‖ seq ‖ hash ‖ before).
func (c chain) checkpointMAC(cp Checkpoint) Digest {
	b := make([]byte, 0, 96)
	b = append(b, labelAuditCheckpoint...)
	b = binary.BigEndian.AppendUint64(b, cp.Seq)
	b = append(b, cp.Hash[:]...)
	b = binary.BigEndian.AppendUint64(b, uint64(cp.Before.UnixNano()))
	return c.sum(b)
}

func (c chain) sum(b []byte) Digest {
	m := hmac.New(sha256.New, c.key)
	m.Write(b)
	var d Digest
	m.Sum(d[:0])
	return d
}

// next returns the entry that follows prev.
func (c chain) next(prev Link, e Event) Entry {
	en := Entry{Seq: prev.Seq + 1, Event: e, Prev: prev.Hash}
	en.Hash = c.entryMAC(en.Prev, en.Seq, e)
	return en
}

// checkEntry verifies one entry on its own: its keyed hash.
func (c chain) checkEntry(en Entry) error {
	if want := c.entryMAC(en.Prev, en.Seq, en.Event); !hmac.Equal(en.Hash[:], want[:]) {
		return &ChainError{Seq: en.Seq, Reason: reasonAltered}
	}
	return nil
}

// checkCheckpoint verifies a checkpoint's keyed hash; the zero checkpoint
// is valid.
func (c chain) checkCheckpoint(cp Checkpoint) error {
	if cp == (Checkpoint{}) {
		return nil
	}
	if want := c.checkpointMAC(cp); !hmac.Equal(cp.MAC[:], want[:]) {
		return &ChainError{Reason: reasonBadCP}
	}
	return nil
}

// verifier checks entries one at a time, in order, from a checkpoint.
type verifier struct {
	c    chain
	last Link
	// want, when Seq > 0, is a link the chain must pass through or reach:
	// the head published outside the store.
	want Link
}

// next checks that en continues the chain.
func (v *verifier) next(en Entry) error {
	switch {
	case en.Seq > v.last.Seq+1:
		return &ChainError{Seq: v.last.Seq + 1, Reason: reasonMissing}
	case en.Seq <= v.last.Seq:
		return &ChainError{Seq: en.Seq, Reason: reasonOrder}
	case en.Prev != v.last.Hash:
		return &ChainError{Seq: en.Seq, Reason: reasonAltered}
	}
	if err := v.c.checkEntry(en); err != nil {
		return err
	}
	if v.want.Seq == en.Seq {
		if en.Hash != v.want.Hash {
			return &ChainError{Seq: en.Seq, Reason: reasonHeadMoved}
		}
	}
	v.last = Link{Seq: en.Seq, Hash: en.Hash}
	return nil
}

// end checks, after the last entry, that the published head was reached.
func (v *verifier) end() error {
	if v.want.Seq > v.last.Seq {
		return &ChainError{Seq: v.last.Seq + 1, Reason: reasonMissing}
	}
	return nil
}

// VerifyChain checks that entries continue the chain from cp without a
// gap, under the audit key.
func VerifyChain(key []byte, cp Checkpoint, entries []Entry) error {
	c := chain{key: key}
	if err := c.checkCheckpoint(cp); err != nil {
		return err
	}
	v := verifier{c: c, last: cp.Link}
	for _, en := range entries {
		if err := v.next(en); err != nil {
			return err
		}
	}
	return nil
}
