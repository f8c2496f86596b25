package vault

import (
	"context"
	"errors"
	"time"
)

// stagedUpload is one upload's records before its commit.
type stagedUpload struct {
	batches [][]Record // as staged, each batch's bytes in one allocation
	n       int
	last    time.Time // when the upload last staged records
}

// errStagedUpload is the error for staged records without an upload id
// or of mixed tenants.
var errStagedUpload = errors.New("vault: staged records need an upload id and one tenant")

// PutNew implements [Store].
func (s *MemoryStore) PutNew(ctx context.Context, rs []Record) ([]bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]bool, len(rs))
	for i, r := range rs {
		t := s.tenantRecords(r.Tenant)
		if t.free(r) {
			t.insert(copyRecord(r))
			out[i] = true
		}
	}
	return out, nil
}

// StageRecords implements [Store].
func (s *MemoryStore) StageRecords(ctx context.Context, rs []Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(rs) == 0 {
		return nil
	}
	tenant, upload := rs[0].Tenant, rs[0].Upload
	for _, r := range rs {
		if r.Upload == "" || r.Upload != upload || r.Tenant != tenant {
			return errStagedUpload
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.staged == nil {
		s.staged = make(map[string]map[string]*stagedUpload)
	}
	ups := s.staged[tenant]
	if ups == nil {
		ups = make(map[string]*stagedUpload)
		s.staged[tenant] = ups
	}
	u := ups[upload]
	if u == nil {
		u = new(stagedUpload)
		ups[upload] = u
	}
	u.batches = append(u.batches, copyRecords(rs))
	u.n += len(rs)
	u.last = time.Now()
	return nil
}

// CommitUpload implements [Store].
func (s *MemoryStore) CommitUpload(ctx context.Context, tenant, upload string, staged int, desc Record) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenantRecords(tenant)
	if _, ok := t.m[RecordKey{desc.Kind, desc.ID}]; ok {
		return 0, ErrExists
	}
	u := s.staged[tenant][upload]
	n := 0
	if u != nil {
		n = u.n
	}
	if n != staged {
		return 0, ErrConflict
	}
	stored := 0
	if u != nil {
		t.grow(u.n)
		for _, b := range u.batches {
			for _, r := range b {
				if t.free(r) {
					t.insert(r)
					stored++
				}
			}
		}
		delete(s.staged[tenant], upload)
	}
	t.insert(copyRecord(desc))
	return stored, nil
}

// DiscardUpload implements [Store].
func (s *MemoryStore) DiscardUpload(ctx context.Context, tenant, upload string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.staged[tenant], upload)
	return nil
}

// DeleteUpload implements [Store].
func (s *MemoryStore) DeleteUpload(ctx context.Context, tenant, upload string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.records[tenant]
	n := 0
	if t != nil {
		for k, e := range t.m {
			if e.rec.Upload == upload && t.remove(k) {
				n++
			}
		}
	}
	if n == 0 {
		return 0, ErrNotFound
	}
	return n, nil
}

// UploadCounts implements [Store].
func (s *MemoryStore) UploadCounts(ctx context.Context, tenant string) (map[string]int, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make(map[string]int)
	if t := s.records[tenant]; t != nil {
		for _, e := range t.m {
			if e.rec.Upload != "" {
				out[e.rec.Upload]++
			}
		}
	}
	return out, nil
}

// SweepStaged implements [Store].
func (s *MemoryStore) SweepStaged(ctx context.Context, tenant string, before time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for tn, ups := range s.staged {
		if tenant != "" && tn != tenant {
			continue
		}
		for id, u := range ups {
			if u.last.Before(before) {
				n += u.n
				delete(ups, id)
			}
		}
	}
	return n, nil
}
