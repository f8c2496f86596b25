package vault

import (
	"bytes"
	"context"
	"iter"
	"maps"
	"slices"
	"sync"
)

// MemoryStore is a [Store] in process memory, for tests and for hosts that
// keep nothing across restarts. The zero value is ready to use.
type MemoryStore struct {
	mu      sync.RWMutex
	tenants map[string]TenantMeta
	records map[string]*tenantRecords
	staged  map[string]map[string]*stagedUpload // tenant → upload → records
}

var _ Store = (*MemoryStore)(nil)

// tenantRecords holds one tenant's records, by key and in key order. The
// order is rebuilt lazily: replacing a record (what a password change does)
// updates the shared entry and keeps it valid; only a new or deleted key
// invalidates it.
type tenantRecords struct {
	m      map[RecordKey]*entry
	lines  map[lineKey]RecordKey // line identity → the record that holds it
	sorted []*entry
	dirty  bool
}

// lineKey is a record's line identity within a tenant: kind and blind index.
type lineKey struct{ kind, index string }

func lineOf(r Record) (lineKey, bool) {
	if r.Index == nil {
		return lineKey{}, false
	}
	return lineKey{r.Kind, string(r.Index)}, true
}

type entry struct {
	key RecordKey
	rec Record
}

// scanPage is how many records Records copies under the lock at a time.
const scanPage = 256

// copyRecord copies the record's slices, in one allocation.
func copyRecord(r Record) Record {
	buf := make([]byte, len(r.Index)+len(r.Sealed))
	if r.Index != nil {
		n := copy(buf, r.Index)
		r.Index = buf[:n:n]
	}
	if r.Sealed != nil {
		rest := buf[len(r.Index):]
		n := copy(rest, r.Sealed)
		r.Sealed = rest[:n:n]
	}
	return r
}

// copyRecords copies records with all their bytes in one allocation, for
// records that are stored and deleted together (an upload's).
func copyRecords(rs []Record) []Record {
	size := 0
	for _, r := range rs {
		size += len(r.Index) + len(r.Sealed)
	}
	buf := make([]byte, 0, size)
	out := make([]Record, len(rs))
	take := func(b []byte) []byte {
		if b == nil {
			return nil
		}
		start := len(buf)
		buf = append(buf, b...)
		return buf[start:len(buf):len(buf)]
	}
	for i, r := range rs {
		r.Index, r.Sealed = take(r.Index), take(r.Sealed)
		out[i] = r
	}
	return out
}

func copyMeta(m TenantMeta) TenantMeta {
	m.Current = copyKeyState(m.Current)
	if m.Pending != nil {
		p := copyKeyState(*m.Pending)
		m.Pending = &p
	}
	return m
}

func copyKeyState(k KeyState) KeyState {
	k.Salt = bytes.Clone(k.Salt)
	k.Check = bytes.Clone(k.Check)
	return k
}

// CreateTenant implements [Store].
func (s *MemoryStore) CreateTenant(ctx context.Context, m TenantMeta) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.tenants[m.Tenant]; ok {
		return ErrExists
	}
	if s.tenants == nil {
		s.tenants = make(map[string]TenantMeta)
	}
	m = copyMeta(m)
	m.Revision = 1
	s.tenants[m.Tenant] = m
	return nil
}

// Tenant implements [Store].
func (s *MemoryStore) Tenant(ctx context.Context, tenant string) (TenantMeta, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m, ok := s.tenants[tenant]
	if !ok {
		return TenantMeta{}, ErrNotFound
	}
	return copyMeta(m), nil
}

// UpdateTenant implements [Store].
func (s *MemoryStore) UpdateTenant(ctx context.Context, m TenantMeta) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.tenants[m.Tenant]
	if !ok {
		return ErrNotFound
	}
	if old.Revision != m.Revision {
		return ErrConflict
	}
	m = copyMeta(m)
	m.Revision++
	s.tenants[m.Tenant] = m
	return nil
}

// DeleteTenant implements [Store].
func (s *MemoryStore) DeleteTenant(ctx context.Context, tenant string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tenants, tenant)
	return nil
}

// PutRecord implements [Store]. It fails with ErrDuplicateLine when
// another record of the tenant holds the same line identity.
func (s *MemoryStore) PutRecord(ctx context.Context, r Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenantRecords(r.Tenant)
	k := RecordKey{r.Kind, r.ID}
	if l, ok := lineOf(r); ok {
		if holder, taken := t.lines[l]; taken && holder != k {
			return ErrDuplicateLine
		}
	}
	if e, ok := t.m[k]; ok {
		if l, ok := lineOf(e.rec); ok {
			delete(t.lines, l)
		}
		e.rec = copyRecord(r)
		if l, ok := lineOf(r); ok {
			t.lines[l] = k
		}
		return nil
	}
	t.insert(copyRecord(r))
	return nil
}

// tenantRecords returns the tenant's records, creating them. The caller
// holds the write lock.
func (s *MemoryStore) tenantRecords(tenant string) *tenantRecords {
	if s.records == nil {
		s.records = make(map[string]*tenantRecords)
	}
	t := s.records[tenant]
	if t == nil {
		t = &tenantRecords{m: make(map[RecordKey]*entry), lines: make(map[lineKey]RecordKey)}
		s.records[tenant] = t
	}
	return t
}

// grow makes room for n more records at once, so that a large upload
// rehashes the maps once rather than at every doubling.
func (t *tenantRecords) grow(n int) {
	if n <= len(t.m) {
		return
	}
	m := make(map[RecordKey]*entry, len(t.m)+n)
	maps.Copy(m, t.m)
	lines := make(map[lineKey]RecordKey, len(t.lines)+n)
	maps.Copy(lines, t.lines)
	t.m, t.lines = m, lines
}

// insert adds a record whose key and line identity are both free.
func (t *tenantRecords) insert(r Record) {
	k := RecordKey{r.Kind, r.ID}
	t.m[k] = &entry{key: k, rec: r}
	if l, ok := lineOf(r); ok {
		t.lines[l] = k
	}
	t.dirty = true
}

// free reports whether neither r's key nor its line identity is taken.
func (t *tenantRecords) free(r Record) bool {
	if _, ok := t.m[RecordKey{r.Kind, r.ID}]; ok {
		return false
	}
	l, ok := lineOf(r)
	if !ok {
		return true
	}
	_, taken := t.lines[l]
	return !taken
}

// remove deletes one record by key and reports whether it was there.
func (t *tenantRecords) remove(k RecordKey) bool {
	e, ok := t.m[k]
	if !ok {
		return false
	}
	if l, ok := lineOf(e.rec); ok {
		delete(t.lines, l)
	}
	delete(t.m, k)
	t.dirty = true
	return true
}

// Record implements [Store].
func (s *MemoryStore) Record(ctx context.Context, tenant, kind, id string) (Record, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if t := s.records[tenant]; t != nil {
		if e, ok := t.m[RecordKey{kind, id}]; ok {
			return copyRecord(e.rec), nil
		}
	}
	return Record{}, ErrNotFound
}

// DeleteRecord implements [Store].
func (s *MemoryStore) DeleteRecord(ctx context.Context, tenant, kind, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.records[tenant]
	if t == nil || !t.remove(RecordKey{kind, id}) {
		return ErrNotFound
	}
	return nil
}

// DeleteRecords implements [Store].
func (s *MemoryStore) DeleteRecords(ctx context.Context, tenant string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.records, tenant)
	delete(s.staged, tenant)
	return nil
}

// Records implements [Store]. It copies at most scanPage records at a time
// under the lock and yields them with the lock released.
func (s *MemoryStore) Records(ctx context.Context, q Query) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		after, sent := q.After, 0
		for {
			if err := ctx.Err(); err != nil {
				yield(Record{}, err)
				return
			}
			page := s.page(q, after, scanPage)
			for _, r := range page {
				if q.Limit > 0 && sent == q.Limit {
					return
				}
				sent++
				if !yield(r, nil) {
					return
				}
			}
			if len(page) < scanPage {
				return
			}
			last := page[len(page)-1]
			after = RecordKey{last.Kind, last.ID}
		}
	}
}

// page returns up to n matching records strictly after the key. The zero
// key sorts before every stored key, whose Kind and ID are never empty.
func (s *MemoryStore) page(q Query, after RecordKey, n int) []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.records[q.Tenant]
	if t == nil {
		return nil
	}
	if t.dirty {
		t.sorted = slices.AppendSeq(t.sorted[:0], maps.Values(t.m))
		slices.SortFunc(t.sorted, func(a, b *entry) int { return compareKeys(a.key, b.key) })
		t.dirty = false
	}
	i, found := slices.BinarySearchFunc(t.sorted, after, func(e *entry, k RecordKey) int { return compareKeys(e.key, k) })
	if found {
		i++
	}
	var out []Record
	for ; i < len(t.sorted) && len(out) < n; i++ {
		if r := t.sorted[i].rec; matches(q, r) {
			out = append(out, copyRecord(r))
		}
	}
	return out
}

func matches(q Query, r Record) bool {
	return (q.Kind == "" || q.Kind == r.Kind) &&
		(q.Period == "" || q.Period == r.Period) &&
		(q.Index == nil || bytes.Equal(q.Index, r.Index))
}

func compareKeys(a, b RecordKey) int {
	switch {
	case a.Less(b):
		return -1
	case b.Less(a):
		return 1
	}
	return 0
}
