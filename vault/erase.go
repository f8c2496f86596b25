package vault

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
)

// Erase deletes everything of a tenant and returns only when it is done.
// The metadata goes first, salt included: from that instant no password
// can re-create the key, so the records, and every backup copy of them,
// can never be opened again (crypto-shredding). Then the records are
// deleted. If Erase fails mid-way it can simply be called again.
//
// Every session of the tenant in this process is closed first. Erase does
// not ask for the password: the caller decides who may erase (the
// [Manager] lets a logged-in seller erase their own tenant). Sellers must
// keep OSS records for 10 years; offer [Session.Export] before erasing.
func (v *Vault) Erase(ctx context.Context, tenant string) error {
	if err := v.begin(tenant); err != nil {
		return err
	}
	defer v.end(tenant)
	v.closeTenant(tenant)
	if err := v.store.DeleteTenant(ctx, tenant); err != nil {
		return fmt.Errorf("vault: erase: %w", err)
	}
	if err := v.store.DeleteRecords(ctx, tenant); err != nil {
		return fmt.Errorf("vault: erase: %w", err)
	}
	v.event(ctx, tenant, EventErase, 0)
	return nil
}

// TenantEraser is an optional capability of a [Store]: deleting a tenant's
// metadata (salt first) and all its records in one transaction. Erase uses it
// when the store has it (vault/sqlstore does), and otherwise deletes the
// metadata, then the records, in two steps that a repeated Erase completes.
type TenantEraser interface {
	EraseTenant(ctx context.Context, tenant string) error
}

// ExportedRecord is one line of [Session.Export]'s output.
type ExportedRecord struct {
	Kind    string `json:"kind"`
	ID      string `json:"id"`
	Period  string `json:"period,omitempty"`
	Content []byte `json:"content"` // base64 in JSON
}

// Export writes every record of the tenant, opened, to w as JSON lines
// (one [ExportedRecord] per line, in store order) and returns how many it
// wrote. It streams: one record is in memory at a time. The output is the
// seller's data in clear: hand it to the seller only.
func (s *Session) Export(ctx context.Context, w io.Writer) (int, error) {
	enc := json.NewEncoder(w)
	n := 0
	for r, err := range s.Records(ctx, Query{}) {
		if err != nil {
			return n, fmt.Errorf("vault: export: %w", err)
		}
		content, err := s.Open(r)
		if err != nil {
			return n, fmt.Errorf("vault: export record %d: %w", n+1, err)
		}
		err = enc.Encode(ExportedRecord{Kind: r.Kind, ID: r.ID, Period: r.Period, Content: content})
		wipe(content)
		if err != nil {
			return n, fmt.Errorf("vault: export: %w", err)
		}
		n++
	}
	return n, nil
}
