package vault

import (
	"context"
	"slices"
)

// PeriodLister is an optional capability of a [Store]: listing the periods
// of a tenant's records of one kind from an index, without reading the
// records. A report that reads a seller's history month by month asks for
// the months present first. [MemoryStore] and vault/sqlstore's Store have
// it; vault/storetest checks it when a store does.
type PeriodLister interface {
	// Periods returns the distinct Period values of the tenant's stored
	// records of kind, ascending (bytewise), "" first when some record has
	// no period. Staged records are not counted. A tenant without such
	// records has no periods: nil, not an error.
	Periods(ctx context.Context, tenant, kind string) ([]string, error)
}

var _ PeriodLister = (*MemoryStore)(nil)

// Periods implements [PeriodLister].
func (s *MemoryStore) Periods(ctx context.Context, tenant, kind string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.records[tenant]
	if t == nil {
		return nil, nil
	}
	seen := make(map[string]bool)
	for k, e := range t.m {
		if k.Kind == kind {
			seen[e.rec.Period] = true
		}
	}
	return sortedKeys(seen), nil
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Periods lists the periods ("YYYY-MM", and "" for records without one)
// of the tenant's records of kind, ascending. It asks the store when the
// store is a [PeriodLister]; otherwise it reads every record's clear
// period once, decrypting nothing.
func (s *Session) Periods(ctx context.Context, kind string) ([]string, error) {
	if err := s.alive(); err != nil {
		return nil, err
	}
	if pl, ok := s.v.store.(PeriodLister); ok {
		return pl.Periods(ctx, s.tenant, kind)
	}
	seen := make(map[string]bool)
	for r, err := range s.v.store.Records(ctx, Query{Tenant: s.tenant, Kind: kind}) {
		if err != nil {
			return nil, err
		}
		seen[r.Period] = true
	}
	return sortedKeys(seen), nil
}
