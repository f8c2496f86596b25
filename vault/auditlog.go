package vault

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"
	"time"
)

// AuditStore keeps the entries of an audit chain and its purge checkpoint.
// vault/sqlstore implements it (in the record store's database, so the log
// is backed up with it). Every method is safe for concurrent use and one
// atomic step.
type AuditStore interface {
	// AppendAudit stores one entry. It fails with ErrConflict when an
	// entry with the same Seq is stored (another writer appended first).
	AppendAudit(ctx context.Context, e Entry) error
	// LastAudit returns the entry with the highest Seq, or ErrNotFound
	// when none is stored.
	LastAudit(ctx context.Context) (Entry, error)
	// AuditEntries yields the entries with Seq > after in ascending Seq
	// order, one at a time, holding no cursor open while the loop body
	// runs. An entry whose stored bytes cannot be decoded is yielded as a
	// *ChainError naming it.
	AuditEntries(ctx context.Context, after uint64) iter.Seq2[Entry, error]
	// AuditCheckpoint returns the stored checkpoint, or the zero
	// Checkpoint when the log was never purged.
	AuditCheckpoint(ctx context.Context) (Checkpoint, error)
	// PurgeAudit deletes the entries with Seq <= cp.Seq and stores cp, in
	// one transaction; a cp older than the stored one changes nothing.
	PurgeAudit(ctx context.Context, cp Checkpoint) error
}

// HeadKeeper keeps the newest link of the chain outside the audit store,
// where a writer of the store cannot reach: a chain whose newest entries
// were cut off still verifies on its own, and only the head reveals it.
// [HeadFile] keeps it in a file.
type HeadKeeper interface {
	// SaveHead records the newest link.
	SaveHead(ctx context.Context, l Link) error
	// LoadHead returns the link saved last, or ErrNotFound.
	LoadHead(ctx context.Context) (Link, error)
}

// AuditConfig configures [OpenAudit].
type AuditConfig struct {
	// Store keeps the entries. Required.
	Store AuditStore
	// Key is the operator's audit key, AuditKeySize random bytes. Keep it
	// apart from the store: whoever holds both can rewrite the log.
	Key []byte
	// Head keeps the newest link outside the store; nil means none, and
	// then cutting off the newest entries goes unnoticed.
	Head HeadKeeper
	// Retention is how long Purge keeps entries; values under
	// MinRetention are raised to it.
	Retention time.Duration
	// Now is the clock of events without a time; nil means time.Now.
	Now func() time.Time
}

// Audit is the durable [AuditLog]: an HMAC-SHA256 chain under the
// operator's audit key, kept in an [AuditStore], continued across restarts,
// with its newest link kept by a [HeadKeeper]. Verify detects an entry
// removed, edited, inserted or reordered, a checkpoint moved and the newest
// entries cut off, even by someone who can rewrite the audit table, as long
// as they hold neither the key nor the head. Purge drops the entries past
// the retention and leaves a keyed checkpoint. It holds only the newest
// link in memory. It is safe for concurrent use, in one process; several
// processes may append to one store (a Seq taken by another is retried),
// each keeping its own head.
type Audit struct {
	redacted
	store     AuditStore
	chain     chain
	head      HeadKeeper
	retention time.Duration
	now       func() time.Time

	mu   sync.Mutex
	last Link
}

var _ AuditLog = (*Audit)(nil)

// ErrAuditKey is returned by OpenAudit for a key that is not AuditKeySize
// bytes long.
var ErrAuditKey = errors.New("vault: the audit key must be 32 bytes")

// OpenAudit resumes the chain kept in cfg.Store: it checks the newest entry
// (or the checkpoint, when every entry was purged) under the key and, when
// cfg.Head holds a head, that the store still reaches it. It refuses to
// continue a chain that fails either check, with a *ChainError naming the
// first entry at fault: run Verify to see the whole damage.
func OpenAudit(ctx context.Context, cfg AuditConfig) (*Audit, error) {
	a, err := newAudit(cfg)
	if err != nil {
		return nil, err
	}
	last, err := a.newest(ctx)
	if err != nil {
		return nil, err
	}
	if err := a.reaches(ctx, last); err != nil {
		return nil, err
	}
	a.last = last
	return a, nil
}

// VerifyAudit checks the audit chain kept in cfg.Store without continuing
// it (see [Audit.Verify]): for a verifier that only reads, such as a
// command run beside the server.
func VerifyAudit(ctx context.Context, cfg AuditConfig) error {
	a, err := newAudit(cfg)
	if err != nil {
		return err
	}
	return a.Verify(ctx)
}

func newAudit(cfg AuditConfig) (*Audit, error) {
	if len(cfg.Key) != AuditKeySize {
		return nil, ErrAuditKey
	}
	if cfg.Store == nil {
		return nil, errors.New("vault: audit: a store is required")
	}
	a := &Audit{store: cfg.Store, chain: chain{key: append([]byte(nil), cfg.Key...)}, head: cfg.Head,
		retention: max(cfg.Retention, MinRetention), now: cfg.Now}
	if a.now == nil {
		a.now = time.Now
	}
	return a, nil
}

// newest returns the stored chain's newest link, checked under the key.
func (a *Audit) newest(ctx context.Context) (Link, error) {
	en, err := a.store.LastAudit(ctx)
	if err == nil {
		if err := a.chain.checkEntry(en); err != nil {
			return Link{}, err
		}
		return Link{Seq: en.Seq, Hash: en.Hash}, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return Link{}, fmt.Errorf("vault: audit: %w", err)
	}
	cp, err := a.store.AuditCheckpoint(ctx)
	if err != nil {
		return Link{}, fmt.Errorf("vault: audit: %w", err)
	}
	if err := a.chain.checkCheckpoint(cp); err != nil {
		return Link{}, err
	}
	return cp.Link, nil
}

// reaches checks that the chain ending at last passes through the saved
// head.
func (a *Audit) reaches(ctx context.Context, last Link) error {
	h, err := a.savedHead(ctx)
	if err != nil || h.Seq == 0 || h == last {
		return err
	}
	if h.Seq > last.Seq {
		return &ChainError{Seq: last.Seq + 1, Reason: reasonMissing}
	}
	for en, err := range a.store.AuditEntries(ctx, h.Seq-1) {
		if err != nil {
			return err
		}
		if en.Seq != h.Seq || en.Hash != h.Hash {
			return &ChainError{Seq: h.Seq, Reason: reasonHeadMoved}
		}
		break
	}
	return nil
}

// savedHead returns the head kept outside the store, or the zero Link.
func (a *Audit) savedHead(ctx context.Context) (Link, error) {
	if a.head == nil {
		return Link{}, nil
	}
	h, err := a.head.LoadHead(ctx)
	if errors.Is(err, ErrNotFound) {
		return Link{}, nil
	}
	if err != nil {
		return Link{}, fmt.Errorf("vault: audit head: %w", err)
	}
	return h, nil
}

// maxAppendTries bounds the retries of an append whose Seq another writer
// took.
const maxAppendTries = 8

// Append implements [AuditLog]: it stores the next entry of the chain and
// then the new head. An event without a time gets the clock's.
func (a *Audit) Append(ctx context.Context, e Event) error {
	if e.Time.IsZero() {
		e.Time = a.now()
	}
	if err := checkEvent(e); err != nil {
		return err
	}
	e.Time = time.Unix(0, e.Time.UnixNano()).UTC() // what the store gives back
	a.mu.Lock()
	defer a.mu.Unlock()
	for range maxAppendTries {
		en := a.chain.next(a.last, e)
		err := a.store.AppendAudit(ctx, en)
		if errors.Is(err, ErrConflict) {
			if a.last, err = a.newest(ctx); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("vault: audit: %w", err)
		}
		a.last = Link{Seq: en.Seq, Hash: en.Hash}
		if a.head != nil {
			if err := a.head.SaveHead(ctx, a.last); err != nil {
				return fmt.Errorf("vault: audit head: %w", err)
			}
		}
		return nil
	}
	return fmt.Errorf("vault: audit: %w: other writers kept taking the next entry", ErrConflict)
}

// Head returns the newest link this log knows.
func (a *Audit) Head() Link {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.last
}

// Verify checks the whole stored chain: the checkpoint under the key, then
// every entry in order, then that the chain reaches the head kept outside
// the store (and the newest entry this process appended). It returns nil,
// a *ChainError naming the first entry at fault, or the store's error.
func (a *Audit) Verify(ctx context.Context) error {
	want, err := a.savedHead(ctx)
	if err != nil {
		return err
	}
	if h := a.Head(); h.Seq > want.Seq {
		want = h
	}
	cp, err := a.store.AuditCheckpoint(ctx)
	if err != nil {
		return fmt.Errorf("vault: audit: %w", err)
	}
	if err := a.chain.checkCheckpoint(cp); err != nil {
		return err
	}
	v := verifier{c: a.chain, last: cp.Link, want: want}
	for en, err := range a.store.AuditEntries(ctx, cp.Seq) {
		if err != nil {
			return err
		}
		if err := v.next(en); err != nil {
			return err
		}
	}
	return v.end()
}

// Purge drops the entries older than the retention at now, after checking
// them, and stores a keyed checkpoint at the last one dropped, so that the
// rest stays verifiable. It returns how many it dropped. It refuses to
// purge over a chain that does not verify: the checkpoint would vouch for
// it.
func (a *Audit) Purge(ctx context.Context, now time.Time) (int, error) {
	cutoff := now.Add(-a.retention)
	cp, err := a.store.AuditCheckpoint(ctx)
	if err != nil {
		return 0, fmt.Errorf("vault: audit purge: %w", err)
	}
	if err := a.chain.checkCheckpoint(cp); err != nil {
		return 0, err
	}
	v := verifier{c: a.chain, last: cp.Link}
	n := 0
	for en, err := range a.store.AuditEntries(ctx, cp.Seq) {
		if err != nil {
			return 0, err
		}
		if !en.Time.Before(cutoff) {
			break
		}
		if err := v.next(en); err != nil {
			return 0, err
		}
		n++
	}
	if n == 0 {
		return 0, nil
	}
	next := Checkpoint{Link: v.last, Before: cutoff}
	next.MAC = a.chain.checkpointMAC(next)
	if err := a.store.PurgeAudit(ctx, next); err != nil {
		return 0, fmt.Errorf("vault: audit purge: %w", err)
	}
	return n, nil
}
