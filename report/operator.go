package report

import (
	"cmp"
	"context"
	"iter"
	"slices"
	"time"

	"github.com/vatkit/vatkit/vault"
)

// Metadata is what operator reports read: the clear side of a vault store.
// vault.Store (*vault.MemoryStore, the SQL stores) is one. Records must
// honour the vault.Store contract; the report reads only each record's
// kind and size, never opens it, and cannot: it holds no key.
type Metadata interface {
	Records(ctx context.Context, q vault.Query) iter.Seq2[vault.Record, error]
}

// Operator builds the reports of the people who run the service (support,
// admin, owner) from clear metadata and the audit log. It never sees a
// session or a key, so its reports cannot contain personal data or
// amounts: their types hold only opaque tenant ids, record kinds, event
// types, counts, sizes and times (a test walks them to make sure).
type Operator struct {
	Store Metadata
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// OperatorReport is the PII-free picture of the service.
type OperatorReport struct {
	Generated time.Time
	Since     time.Time // audit events before it are not counted
	Tenants   []TenantUsage
	Events    []EventCount
	VIES      VIESStats
}

// TenantUsage is one tenant's footprint and activity.
type TenantUsage struct {
	Tenant       string // the opaque tenant id
	Records      int
	SealedBytes  int64
	Kinds        []KindCount
	Uploads      int   // upload events
	RowsStored   int64 // rows accepted by those uploads
	Reports      int   // reports built
	Downloads    int   // reports downloaded
	Logins       int
	FailedLogins int
	LastActivity time.Time
}

// KindCount counts a tenant's records of one kind.
type KindCount struct {
	Kind    string
	Records int
	Bytes   int64
}

// EventCount counts the audit events of one type and adds up their counts.
type EventCount struct {
	Type   vault.EventType
	Events int
	Count  int64
}

// VIESStats sums the VIES checks sellers asked for.
type VIESStats struct {
	Checks  int   // check requests
	Numbers int64 // numbers checked
	Tenants int   // tenants who checked
}

// Build reports on the given tenants (opaque ids, as the host application
// lists them) and on the audit entries from since on.
func (o *Operator) Build(ctx context.Context, tenants []string, audit []vault.Entry, since time.Time) (*OperatorReport, error) {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	r := &OperatorReport{Generated: now().UTC(), Since: since}
	index := make(map[string]int, len(tenants))
	for _, t := range tenants {
		u, err := o.usage(ctx, t)
		if err != nil {
			return nil, err
		}
		index[t] = len(r.Tenants)
		r.Tenants = append(r.Tenants, u)
	}
	r.count(audit, since, index)
	return r, nil
}

func (o *Operator) usage(ctx context.Context, tenant string) (TenantUsage, error) {
	u := TenantUsage{Tenant: tenant}
	for rec, err := range o.Store.Records(ctx, vault.Query{Tenant: tenant}) {
		if err != nil {
			return u, err
		}
		u.Records++
		u.SealedBytes += int64(len(rec.Sealed))
		if n := len(u.Kinds); n == 0 || u.Kinds[n-1].Kind != rec.Kind {
			u.Kinds = append(u.Kinds, KindCount{Kind: rec.Kind}) // records come ordered by kind
		}
		k := &u.Kinds[len(u.Kinds)-1]
		k.Records++
		k.Bytes += int64(len(rec.Sealed))
	}
	return u, nil
}

// count folds the audit entries into the event totals, the tenants'
// activity and the VIES statistics.
func (r *OperatorReport) count(audit []vault.Entry, since time.Time, index map[string]int) {
	events := make(map[vault.EventType]*EventCount)
	checkers := make(map[string]bool)
	for _, e := range audit {
		ev := e.Event
		if ev.Time.Before(since) {
			continue
		}
		c := events[ev.Type]
		if c == nil {
			c = &EventCount{Type: ev.Type}
			events[ev.Type] = c
		}
		c.Events++
		c.Count += ev.Count
		if ev.Type == vault.EventVIESCheck {
			r.VIES.Checks++
			r.VIES.Numbers += ev.Count
			checkers[ev.Tenant] = true
		}
		if i, ok := index[ev.Tenant]; ok {
			r.Tenants[i].note(ev)
		}
	}
	r.VIES.Tenants = len(checkers)
	for _, c := range events {
		r.Events = append(r.Events, *c)
	}
	slices.SortFunc(r.Events, func(a, b EventCount) int { return cmp.Compare(a.Type, b.Type) })
}

func (u *TenantUsage) note(ev vault.Event) {
	switch ev.Type {
	case vault.EventUpload:
		u.Uploads++
		u.RowsStored += ev.Count
	case vault.EventReportBuilt:
		u.Reports++
	case vault.EventReportDownloaded:
		u.Downloads++
	case vault.EventLogin:
		u.Logins++
	case vault.EventLoginFailed:
		u.FailedLogins++
	}
	if ev.Time.After(u.LastActivity) {
		u.LastActivity = ev.Time
	}
}
