package report

// The three operator roles see the same PII-free facts at different
// grains: an admin the whole [OperatorReport], a support agent one
// tenant's part of it, the owner totals without any tenant id.

// ForTenant returns the report narrowed to one tenant's usage, for a
// support agent answering that seller; the service-wide event and VIES
// totals are left out. ok is false when the tenant is not in the report.
func (r *OperatorReport) ForTenant(tenant string) (TenantUsage, bool) {
	for _, u := range r.Tenants {
		if u.Tenant == tenant {
			return u, true
		}
	}
	return TenantUsage{}, false
}

// OwnerSummary is the service in totals, without tenant ids.
type OwnerSummary struct {
	Tenants       int
	Records       int
	SealedBytes   int64
	ActiveTenants int // tenants with an audit event in the report's window
	Events        []EventCount
	VIES          VIESStats
}

// Owner sums the report for the service's owner.
func (r *OperatorReport) Owner() OwnerSummary {
	s := OwnerSummary{Tenants: len(r.Tenants), Events: r.Events, VIES: r.VIES}
	for _, u := range r.Tenants {
		s.Records += u.Records
		s.SealedBytes += u.SealedBytes
		if !u.LastActivity.IsZero() {
			s.ActiveTenants++
		}
	}
	return s
}
