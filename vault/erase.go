package vault

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
)

// Erase deletes everything of a tenant and returns only when it is done:
// first the records, then the key material (salt, parameters, key-check
// value). Once the salt is gone no password can re-create the key, so no
// copy of the records can be opened again (crypto-shredding) — copies that
// never held the salt, that is: backups of a record store kept apart from
// its [KeyStore] ([Config.Keys]); a backup that holds the salt still opens
// with the password.
//
// A store that is a [TenantEraser] erases in one transaction and leaves
// nothing readable in its live files (vault/sqlstore overwrites deleted
// SQLite pages and truncates the write-ahead log); other stores delete
// records, then metadata. If Erase fails or the process stops mid-way, the
// key material is still there: the seller can still log in, and Erase
// called again finishes the job. Records found without key material (left
// by an older version, or written by another process during the erase) are
// deleted by [Vault.Enroll] of the same tenant id.
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
	if err := v.eraseRecords(ctx, tenant); err != nil {
		return fmt.Errorf("vault: erase: %w", err)
	}
	if err := v.eraseKeys(ctx, tenant); err != nil {
		return fmt.Errorf("vault: erase: %w", err)
	}
	v.event(ctx, tenant, EventErase, 0)
	return nil
}

// eraseRecords deletes the tenant from the record store: its records, and
// key material if the record store holds any (it is the key store, or
// kept it before the vault had one).
func (v *Vault) eraseRecords(ctx context.Context, tenant string) error {
	if e, ok := v.store.(TenantEraser); ok {
		return e.EraseTenant(ctx, tenant)
	}
	if err := v.store.DeleteRecords(ctx, tenant); err != nil {
		return err
	}
	return v.store.DeleteTenant(ctx, tenant)
}

// eraseKeys deletes the tenant's key material from a separate key store.
func (v *Vault) eraseKeys(ctx context.Context, tenant string) error {
	if v.sharedKeys {
		return nil
	}
	if e, ok := v.keys.(TenantEraser); ok {
		return e.EraseTenant(ctx, tenant)
	}
	return v.keys.DeleteTenant(ctx, tenant)
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
