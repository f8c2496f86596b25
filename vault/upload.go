package vault

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// An upload is a unit of records that become visible together or not at
// all: a file a seller sent, or one window of an API pull. Its records are
// staged as they are sealed ([Session.StageRecords]), then committed in one
// store transaction ([Session.CommitUpload]) with a record that describes
// the upload; on any failure they are discarded. A process that dies
// mid-upload leaves only staged records, which no report ever sees and
// [Store.SweepStaged] removes. A committed upload can be undone
// ([Session.DeleteUpload]).

// NewUploadID returns a new opaque upload id. Ids sort by creation time
// (milliseconds, then 64 random bits), so that the records of later uploads
// sort after those of earlier ones and a store's key index grows at its end.
func NewUploadID() string {
	var b [14]byte
	binary.BigEndian.PutUint64(b[:8], uint64(time.Now().UnixMilli())<<16)
	rand.Read(b[6:])
	return hex.EncodeToString(b[:])
}

// UploadRecordID returns the id of the n-th record of an upload. Ids of one
// upload sort in n order.
func UploadRecordID(upload string, n int) string {
	if n < 0 || n >= 1<<32 {
		return upload + "-" + strconv.FormatInt(int64(n), 16)
	}
	var b strings.Builder // one allocation: the id itself
	b.Grow(len(upload) + 9)
	b.WriteString(upload)
	b.WriteByte('-')
	const digits = "0123456789abcdef"
	for shift := 28; shift >= 0; shift -= 4 {
		b.WriteByte(digits[uint32(n)>>shift&0xf])
	}
	return b.String()
}

// UploadTime returns the creation time an upload id carries, and false for
// an id NewUploadID did not make.
func UploadTime(upload string) (time.Time, bool) {
	var b [14]byte
	if len(upload) != 2*len(b) {
		return time.Time{}, false
	}
	if _, err := hex.Decode(b[:], []byte(upload)); err != nil {
		return time.Time{}, false
	}
	ms := int64(binary.BigEndian.Uint64(b[:8]) >> 16)
	return time.UnixMilli(ms).UTC(), true
}

// write runs fn, which writes to the store, while holding the session
// open, so that a password change, which closes the session first, never
// misses a record written under the old key.
func (s *Session) write(fn func() error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.keys == nil {
		return ErrSessionClosed
	}
	return fn()
}

func (s *Session) own(rs []Record) error {
	for i := range rs {
		if rs[i].Tenant != s.tenant {
			return ErrWrongTenant
		}
	}
	return nil
}

// PutNew stores each sealed record of this session's tenant whose line
// identity is not stored yet, in one transaction, and reports which it
// stored (see [Store.PutNew]).
func (s *Session) PutNew(ctx context.Context, rs []Record) ([]bool, error) {
	if err := s.own(rs); err != nil {
		return nil, err
	}
	var out []bool
	err := s.write(func() (err error) {
		out, err = s.v.store.PutNew(ctx, rs)
		return err
	})
	return out, err
}

// StageRecords stages sealed records of an upload under way (each with
// Upload set); see [Store.StageRecords].
func (s *Session) StageRecords(ctx context.Context, rs []Record) error {
	if err := s.own(rs); err != nil {
		return err
	}
	return s.write(func() error { return s.v.store.StageRecords(ctx, rs) })
}

// CommitUpload makes the upload's staged records visible together with
// desc, the upload's sealed description (kind and id of the caller's
// choosing; its ID must be the upload id), and reports how many were new;
// see [Store.CommitUpload].
func (s *Session) CommitUpload(ctx context.Context, upload string, staged int, desc Record) (int, error) {
	if desc.Tenant != s.tenant {
		return 0, ErrWrongTenant
	}
	if desc.ID != upload || desc.Upload != upload {
		return 0, ErrInvalidName
	}
	var n int
	err := s.write(func() (err error) {
		n, err = s.v.store.CommitUpload(ctx, s.tenant, upload, staged, desc)
		return err
	})
	return n, err
}

// DiscardUpload removes what an upload that will not be committed staged.
// It works on a closed session too: what failed must not stay.
func (s *Session) DiscardUpload(ctx context.Context, upload string) error {
	return s.v.store.DiscardUpload(ctx, s.tenant, upload)
}

// DeleteUpload undoes a committed upload: every record it stored is
// removed, and the count returned; ErrNotFound for an unknown upload.
func (s *Session) DeleteUpload(ctx context.Context, upload string) (int, error) {
	var n int
	err := s.write(func() (err error) {
		n, err = s.v.store.DeleteUpload(ctx, s.tenant, upload)
		return err
	})
	return n, err
}

// UploadCounts reports how many stored records each upload of the tenant
// holds, its description record included.
func (s *Session) UploadCounts(ctx context.Context) (map[string]int, error) {
	if err := s.alive(); err != nil {
		return nil, err
	}
	return s.v.store.UploadCounts(ctx, s.tenant)
}

// EventUploadUndone is the audit event of an undone upload; Count is the
// records it removed.
const EventUploadUndone EventType = "upload_undone"
