package vault

import (
	"context"
	"iter"
	"time"
)

// Store keeps what the vault persists: per tenant, the key metadata (salt,
// parameters, key-check value, key generation) and the sealed records. It
// never sees a key, a password or a record's clear content.
//
// Contract for implementations (vault/storetest checks it):
//
//   - Every method is safe for concurrent use.
//   - Each method is one atomic step: a SQL store does each in one
//     statement or one transaction.
//   - A missing tenant or record is reported as an error matching
//     [ErrNotFound], except by DeleteTenant and DeleteRecords, which succeed
//     when there is nothing to delete (they are retried after a crash).
//   - Values passed in and returned are copies: the store keeps no
//     reference to a caller's slices, and the caller owns what it gets.
//   - Records yields records of one tenant in ascending order of (Kind, ID),
//     compared bytewise, one at a time without holding all of them in
//     memory. The loop body may call other Store methods (a password change
//     rewrites records while it walks them), so a SQL store reads in
//     keyset pages and holds no cursor open while it yields; records
//     written meanwhile may or may not be seen, but none is yielded twice.
//   - A record's line identity is (Tenant, Kind, Index) when Index is set:
//     the store holds at most one record per line identity, and enforces it
//     itself (a unique key), so that writers in several processes cannot
//     store a line twice. Records without an Index have no line identity.
//   - Staged records (see [Store.StageRecords]) are invisible to every
//     method but CommitUpload, DiscardUpload, SweepStaged and
//     DeleteRecords until their upload is committed.
type Store interface {
	// CreateTenant stores new metadata, with Revision 1. It fails with
	// ErrExists when the tenant exists.
	CreateTenant(ctx context.Context, m TenantMeta) error
	// Tenant returns the tenant's metadata or ErrNotFound.
	Tenant(ctx context.Context, tenant string) (TenantMeta, error)
	// UpdateTenant replaces the metadata if the stored Revision equals
	// m.Revision, storing it with Revision+1 (compare-and-swap); otherwise
	// it fails with ErrConflict (or ErrNotFound).
	UpdateTenant(ctx context.Context, m TenantMeta) error
	// DeleteTenant removes the tenant's metadata, salt included.
	DeleteTenant(ctx context.Context, tenant string) error

	// PutRecord inserts or replaces the record with the same (Tenant,
	// Kind, ID). It fails with ErrDuplicateLine when another record holds
	// the same line identity.
	PutRecord(ctx context.Context, r Record) error
	// Record returns one record or ErrNotFound.
	Record(ctx context.Context, tenant, kind, id string) (Record, error)
	// DeleteRecord removes one record or fails with ErrNotFound.
	DeleteRecord(ctx context.Context, tenant, kind, id string) error
	// Records streams the records that match q (see Query).
	Records(ctx context.Context, q Query) iter.Seq2[Record, error]
	// DeleteRecords removes every record of the tenant, staged ones
	// included.
	DeleteRecords(ctx context.Context, tenant string) error

	// PutNew inserts, in one transaction, every record of rs whose (Tenant,
	// Kind, ID) and line identity are both absent, and reports for each
	// whether it was inserted. Records already present are left as they are;
	// a record whose line identity appears twice in rs is inserted once.
	// Concurrent calls with overlapping lines insert each line once.
	PutNew(ctx context.Context, rs []Record) (inserted []bool, err error)

	// StageRecords keeps records of an upload under way, in one
	// transaction. Each must have Upload set; they stay invisible until
	// CommitUpload.
	StageRecords(ctx context.Context, rs []Record) error
	// CommitUpload makes an upload's staged records visible, in one
	// transaction: each whose line identity is not stored yet is moved into
	// the records, the others (duplicates) are dropped, and desc — the
	// upload's own record, whose ID is the upload id — is stored too. It
	// returns how many staged records were stored. It changes nothing and
	// fails with ErrConflict unless exactly staged records of the upload
	// are staged (a sweep took some, or a batch never arrived), and with
	// ErrExists when desc is stored already (the upload was committed).
	CommitUpload(ctx context.Context, tenant, upload string, staged int, desc Record) (stored int, err error)
	// DiscardUpload removes the staged records of an upload that will not
	// be committed. Nothing to remove is not an error.
	DiscardUpload(ctx context.Context, tenant, upload string) error
	// DeleteUpload removes every stored record carrying the upload id, its
	// desc record included, in one transaction, and reports how many it
	// removed; ErrNotFound when there was none.
	DeleteUpload(ctx context.Context, tenant, upload string) (int, error)
	// UploadCounts reports, per upload id, how many stored records of the
	// tenant carry it (desc records included).
	UploadCounts(ctx context.Context, tenant string) (map[string]int, error)
	// SweepStaged removes the staged records of every upload that has
	// staged nothing since before the given time — uploads abandoned by a
	// process that died — of one tenant, or of every tenant when tenant is
	// "", and reports how many records it removed.
	SweepStaged(ctx context.Context, tenant string, before time.Time) (int, error)
}

// TenantMeta is the clear metadata of one tenant. None of it is secret or
// personal: the salt and parameters are public inputs to the derivation,
// and the check value is an HMAC under a key derived from the password.
type TenantMeta struct {
	Tenant string
	// Revision counts updates; see [Store.UpdateTenant].
	Revision uint64
	// Current is the key in force.
	Current KeyState
	// Pending is the next key while a password change is under way, nil
	// otherwise. Records are sealed under Current or Pending, never others.
	Pending *KeyState
}

// KeyState describes one generation of a tenant key. Nothing in it lets
// anyone re-create the key without the login and the password.
type KeyState struct {
	// Generation numbers the keys of one tenant from 1; each password
	// change adds one. Every sealed record carries the generation it was
	// sealed under.
	Generation uint32
	Salt       []byte // 32 random bytes
	Params     Params
	Check      []byte // key-check value, 32 bytes
}

// Record is one sealed record as stored. Tenant, Kind, ID and Period are in
// clear in the store: they must not carry personal data (use opaque ids,
// and a blind index for source identifiers).
type Record struct {
	Tenant string
	Kind   string // what the record is, e.g. "txn", "vies"
	ID     string // unique within (Tenant, Kind)
	Period string // "YYYY-MM" the record belongs to, or ""
	// Index is the blind-index token (IndexSize bytes) or nil.
	Index []byte
	// Sealed is the encrypted record; see the layout in seal.go.
	Sealed []byte
	// Upload is the opaque id of the upload that stored the record, or "".
	Upload string
}

// RecordKey names a record within a tenant.
type RecordKey struct {
	Kind, ID string
}

// Query selects records of one tenant. Empty fields match everything.
type Query struct {
	Tenant string // required
	Kind   string
	Period string
	Index  []byte
	// After starts the scan just past this key (exclusive); the zero key
	// starts at the beginning.
	After RecordKey
	// Limit stops after this many records; 0 means no limit.
	Limit int
}

// Less orders record keys as Store.Records yields them.
func (k RecordKey) Less(o RecordKey) bool {
	if k.Kind != o.Kind {
		return k.Kind < o.Kind
	}
	return k.ID < o.ID
}
