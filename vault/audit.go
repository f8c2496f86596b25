package vault

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// EventType names a security-relevant action.
type EventType string

// The events of the audit log. The vault appends the first ones itself;
// the others are appended by the packages that perform them.
const (
	EventEnrol            EventType = "enrol"
	EventLogin            EventType = "login"
	EventLoginFailed      EventType = "login_failed"
	EventLogout           EventType = "logout"
	EventSessionExpired   EventType = "session_expired"
	EventPasswordChanged  EventType = "password_changed" // Count: records re-sealed
	EventErase            EventType = "erase"
	EventUpload           EventType = "upload"            // Count: records accepted
	EventVIESCheck        EventType = "vies_check"        // Count: numbers checked
	EventReportBuilt      EventType = "report_built"      // Count: lines
	EventReportDownloaded EventType = "report_downloaded" // Count: bytes
)

// Event is one audit event. It holds no personal data and no amounts by
// construction: an opaque tenant id, a type, a count and a time.
type Event struct {
	Time   time.Time `json:"time"`
	Tenant string    `json:"tenant"`
	Type   EventType `json:"type"`
	Count  int64     `json:"count,omitempty"`
}

// AuditLog receives audit events. Implementations must be safe for
// concurrent use and must not change the events they are given.
type AuditLog interface {
	Append(ctx context.Context, e Event) error
}

// Digest is a SHA-256 chain hash; it prints and marshals as hex.
type Digest [sha256.Size]byte

func (d Digest) String() string { return hex.EncodeToString(d[:]) }

// MarshalText encodes the digest as hex.
func (d Digest) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes a hex digest.
func (d *Digest) UnmarshalText(b []byte) error {
	if hex.DecodedLen(len(b)) != len(d) {
		return errors.New("vault: audit digest: wrong length")
	}
	_, err := hex.Decode(d[:], b)
	return err
}

// Entry is an event as kept in the chain. Hash = SHA-256(label ‖ Prev ‖
// Seq ‖ time ‖ tenant ‖ type ‖ count), so changing, removing or reordering
// an entry breaks every later link.
type Entry struct {
	Seq uint64 `json:"seq"`
	Event
	Prev Digest `json:"prev"`
	Hash Digest `json:"hash"`
}

// Checkpoint is where a verifiable chain starts: the sequence number and
// hash of the last entry purged (zero for a chain never purged). Publish
// it elsewhere (e.g. write-once storage) to stop an insider who can rewrite
// the whole log from recomputing the chain unnoticed.
type Checkpoint struct {
	Seq  uint64 `json:"seq"`
	Hash Digest `json:"hash"`
}

// ErrChainBroken is returned by Verify when an entry was changed, removed
// or reordered.
var ErrChainBroken = errors.New("vault: audit chain broken")

// MinRetention is the shortest retention MemoryAudit keeps (the product
// promises at least 90 days).
const MinRetention = 90 * 24 * time.Hour

func entryHash(prev Digest, seq uint64, e Event) Digest {
	b := make([]byte, 0, 128)
	b = append(b, "vatkit/vault/v1/audit"...)
	b = append(b, prev[:]...)
	b = binary.BigEndian.AppendUint64(b, seq)
	b = binary.BigEndian.AppendUint64(b, uint64(e.Time.UnixNano()))
	b = lengthPrefixed(b, e.Tenant)
	b = lengthPrefixed(b, string(e.Type))
	b = binary.BigEndian.AppendUint64(b, uint64(e.Count))
	return sha256.Sum256(b)
}

// VerifyChain checks that entries continue the chain from cp without a gap.
func VerifyChain(cp Checkpoint, entries []Entry) error {
	prev, seq := cp.Hash, cp.Seq
	for _, en := range entries {
		seq++
		if en.Seq != seq || en.Prev != prev || entryHash(prev, seq, en.Event) != en.Hash {
			return fmt.Errorf("%w at entry %d", ErrChainBroken, seq)
		}
		prev = en.Hash
	}
	return nil
}

// MemoryAudit is the default [AuditLog]: a hash chain in memory, optionally
// mirrored to an io.Writer as JSON lines (one [Entry] per line). The zero
// value is ready to use and keeps entries MinRetention long.
type MemoryAudit struct {
	// Retention is how long Purge keeps entries; values under
	// MinRetention are raised to it.
	Retention time.Duration
	// Mirror, if set, receives every entry as one JSON line.
	Mirror io.Writer

	mu      sync.Mutex
	entries []Entry
	cp      Checkpoint
	seq     uint64
	head    Digest
}

var _ AuditLog = (*MemoryAudit)(nil)

// Append implements [AuditLog]. Events with an empty type or tenant, or a
// tenant id longer than 255 bytes, are refused.
func (a *MemoryAudit) Append(ctx context.Context, e Event) error {
	if e.Type == "" || checkName(e.Tenant) != nil || len(e.Type) > maxName {
		return errors.New("vault: audit event needs a tenant and a type")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	en := Entry{Seq: a.seq + 1, Event: e, Prev: a.head}
	en.Hash = entryHash(en.Prev, en.Seq, e)
	if a.Mirror != nil {
		line, err := json.Marshal(en)
		if err != nil {
			return fmt.Errorf("vault: audit: %w", err)
		}
		if _, err := a.Mirror.Write(append(line, '\n')); err != nil {
			return fmt.Errorf("vault: audit: %w", err)
		}
	}
	a.entries = append(a.entries, en)
	a.seq, a.head = en.Seq, en.Hash
	return nil
}

// Entries returns a copy of the entries kept, oldest first.
func (a *MemoryAudit) Entries() []Entry {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]Entry(nil), a.entries...)
}

// Checkpoint returns the start of the kept chain.
func (a *MemoryAudit) Checkpoint() Checkpoint {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.cp
}

// Head returns the sequence number and hash of the newest entry. Publish
// it from time to time: a chain whose newest entries were dropped still
// verifies from the checkpoint, and only a published head reveals it.
func (a *MemoryAudit) Head() Checkpoint {
	a.mu.Lock()
	defer a.mu.Unlock()
	return Checkpoint{Seq: a.seq, Hash: a.head}
}

// Verify checks the whole kept chain from its checkpoint.
func (a *MemoryAudit) Verify() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return VerifyChain(a.cp, a.entries)
}

// Purge drops the entries older than the retention at now and moves the
// checkpoint to the last one dropped, so the rest stays verifiable. It
// returns how many it dropped.
func (a *MemoryAudit) Purge(now time.Time) int {
	cutoff := now.Add(-max(a.Retention, MinRetention))
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for n < len(a.entries) && a.entries[n].Time.Before(cutoff) {
		n++
	}
	if n == 0 {
		return 0
	}
	last := a.entries[n-1]
	a.cp = Checkpoint{Seq: last.Seq, Hash: last.Hash}
	a.entries = append(a.entries[:0:0], a.entries[n:]...)
	return n
}
