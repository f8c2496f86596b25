package vault

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
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

// Entry is an event as kept in the chain. Hash is the keyed hash (see
// [Audit]) of Prev, Seq and the event, so changing, removing or reordering
// an entry breaks every later link.
type Entry struct {
	Seq uint64 `json:"seq"`
	Event
	Prev Digest `json:"prev"`
	Hash Digest `json:"hash"`
}

// MinRetention is the shortest retention an audit log keeps (the product
// promises at least 90 days).
const MinRetention = 90 * 24 * time.Hour

// checkEvent refuses events without a tenant or type, with over-long
// names, or with a time outside what the chain encodes (years 1678–2262).
func checkEvent(e Event) error {
	if e.Type == "" || checkName(e.Tenant) != nil || len(e.Type) > maxName ||
		e.Time.Before(minEventTime) || e.Time.After(maxEventTime) {
		return errors.New("vault: audit event needs a tenant, a type and a time")
	}
	return nil
}

var (
	minEventTime = time.Unix(0, math.MinInt64+1)
	maxEventTime = time.Unix(0, math.MaxInt64)
)

// MemoryAudit is an [AuditLog] in process memory, for tests and for hosts
// that keep nothing across restarts: the keyed chain of [Audit], optionally
// mirrored to an io.Writer as JSON lines (one [Entry] per line). Entries
// older than the retention, counted back from the newest event, are dropped
// as new ones arrive, so memory holds one retention period at most. The zero
// value is ready to use. A durable log is [Audit].
type MemoryAudit struct {
	// Retention is how long entries are kept; values under MinRetention
	// are raised to it.
	Retention time.Duration
	// Mirror, if set, receives every entry as one JSON line.
	Mirror io.Writer
	// Key is the audit key (AuditKeySize bytes). Nil means a random key
	// drawn at the first Append, which lives as long as the MemoryAudit.
	Key []byte

	mu      sync.Mutex
	chain   chain
	entries []Entry
	cp      Checkpoint
	last    Link
}

var _ AuditLog = (*MemoryAudit)(nil)

// Append implements [AuditLog]. Events with an empty type or tenant, or a
// tenant id longer than 255 bytes, are refused; an event without a time
// gets the current time.
func (a *MemoryAudit) Append(ctx context.Context, e Event) error {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	if err := checkEvent(e); err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.chain.key == nil {
		a.chain.key = a.Key
		if a.chain.key == nil {
			a.chain.key = make([]byte, AuditKeySize)
			rand.Read(a.chain.key)
		}
	}
	en := a.chain.next(a.last, e)
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
	a.last = Link{Seq: en.Seq, Hash: en.Hash}
	a.purge(e.Time)
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

// Head returns the newest link of the chain. A chain whose newest entries
// were dropped still verifies from the checkpoint: only the head, kept
// elsewhere, reveals it.
func (a *MemoryAudit) Head() Link {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.last
}

// Verify checks the whole kept chain from its checkpoint to its head.
func (a *MemoryAudit) Verify() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.verify(a.cp, a.entries, a.last)
}

// VerifyEntries checks that entries continue the chain from cp under this
// log's key and reach head (zero: any head); it lets a copy of the entries,
// such as the mirrored lines, be checked.
func (a *MemoryAudit) VerifyEntries(cp Checkpoint, entries []Entry, head Link) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.verify(cp, entries, head)
}

func (a *MemoryAudit) verify(cp Checkpoint, entries []Entry, head Link) error {
	if err := a.chain.checkCheckpoint(cp); err != nil {
		return err
	}
	v := verifier{c: a.chain, last: cp.Link, want: head}
	for _, en := range entries {
		if err := v.next(en); err != nil {
			return err
		}
	}
	return v.end()
}

// Purge drops the entries older than the retention at now and moves the
// checkpoint to the last one dropped, so the rest stays verifiable. It
// returns how many it dropped.
func (a *MemoryAudit) Purge(now time.Time) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.purge(now)
}

func (a *MemoryAudit) purge(now time.Time) int {
	cutoff := now.Add(-max(a.Retention, MinRetention))
	n := 0
	for n < len(a.entries) && a.entries[n].Time.Before(cutoff) {
		n++
	}
	if n == 0 {
		return 0
	}
	last := a.entries[n-1]
	a.cp = Checkpoint{Link: Link{Seq: last.Seq, Hash: last.Hash}, Before: cutoff}
	a.cp.MAC = a.chain.checkpointMAC(a.cp)
	// Reslicing keeps memory bounded: append copies only the kept entries
	// when it next grows the array.
	a.entries = a.entries[n:]
	return n
}
