package vies

import (
	"container/list"
	"context"
	"sync"
)

// Cache stores answers between checks, keyed by the number's canonical form
// ("DE123456789"), after its scope and a slash for a check made through a
// [Scope] ("t4f2…/DE123456789"). Implementations must be safe for concurrent use. Get
// returns a copy that the caller may keep; ok is false when nothing is
// stored. A Cache may drop entries at any time, and should treat its own
// failures as misses: the Client decides freshness from Result.CheckedAt
// and never stores failures. Results hold personal data (trader name and
// address): a Cache outside the process should seal them.
type Cache interface {
	Get(ctx context.Context, key string) (r Result, ok bool)
	Put(ctx context.Context, key string, r Result)
}

var _ Cache = (*MemoryCache)(nil)

// MemoryCache is an in-memory Cache that keeps the most recently used
// answers, up to a fixed number.
type MemoryCache struct {
	mu    sync.Mutex
	size  int
	order *list.List // front: most recently used; values are *memEntry
	items map[string]*list.Element
}

type memEntry struct {
	key string
	r   Result
}

// NewMemoryCache returns a cache of at most size answers (at least 1).
func NewMemoryCache(size int) *MemoryCache {
	return &MemoryCache{size: max(size, 1), order: list.New(), items: make(map[string]*list.Element)}
}

// Get returns the answer stored under key and marks it recently used.
func (m *MemoryCache) Get(_ context.Context, key string) (Result, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	el, ok := m.items[key]
	if !ok {
		return Result{}, false
	}
	m.order.MoveToFront(el)
	return el.Value.(*memEntry).r, true
}

// Put stores r under key, evicting the least recently used answer when full.
func (m *MemoryCache) Put(_ context.Context, key string, r Result) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if el, ok := m.items[key]; ok {
		el.Value.(*memEntry).r = r
		m.order.MoveToFront(el)
		return
	}
	m.items[key] = m.order.PushFront(&memEntry{key: key, r: r})
	if m.order.Len() > m.size {
		last := m.order.Back()
		m.order.Remove(last)
		delete(m.items, last.Value.(*memEntry).key)
	}
}

// Len returns the number of answers held.
func (m *MemoryCache) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.order.Len()
}
