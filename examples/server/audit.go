package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore"
	"github.com/vatkit/vatkit/vault/sqlstore/sqlite"
)

// The audit log lives in the record store's database (vatkit_audit), so
// that it is backed up with it, and is keyed by DIR/audit.key; its newest
// link is kept in DIR/audit.head. Whoever can rewrite the database but not
// the folder cannot change, remove or cut off entries unnoticed:
// -verify-audit names the first entry that fails. A head that the database
// no longer reaches stops the server from starting; if that loss is
// accepted after investigation, moving audit.head away lets the chain
// continue from what the database holds.
const (
	auditKeyFile  = "audit.key"
	auditHeadFile = "audit.head"
)

// auditConfig is the audit log's configuration for a data folder.
func auditConfig(dir string, store *sqlstore.Store, key []byte, retention time.Duration) vault.AuditConfig {
	return vault.AuditConfig{Store: store, Key: key, Head: vault.HeadFile(filepath.Join(dir, auditHeadFile)),
		Retention: retention}
}

// verifyAudit checks the audit log of a data folder without changing it and
// writes one line saying so; the error names the first bad entry.
func verifyAudit(ctx context.Context, dir string, w io.Writer) error {
	db := filepath.Join(dir, "vatkit.db")
	if _, err := os.Stat(db); err != nil {
		return fmt.Errorf("server: no database in %s: %w", dir, err)
	}
	key, err := os.ReadFile(filepath.Join(dir, auditKeyFile))
	if err != nil {
		return fmt.Errorf("server: the audit key: %w", err)
	}
	store, err := sqlite.Open(ctx, db)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := vault.VerifyAudit(ctx, auditConfig(dir, store, key, 0)); err != nil {
		return fmt.Errorf("audit log does not verify: %w", err)
	}
	last, err := store.LastAudit(ctx)
	if errors.Is(err, vault.ErrNotFound) {
		fmt.Fprintln(w, "audit log verifies: no entry kept")
		return nil
	}
	if err != nil {
		return err
	}
	cp, err := store.AuditCheckpoint(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "audit log verifies: entries %d to %d\n", cp.Seq+1, last.Seq)
	return nil
}

// maintainEvery is how often what abandoned uploads staged is removed and
// the audit log is purged.
const maintainEvery = time.Hour

// compactEvery is how often the SQLite files are rewritten (see
// sqlstore.Store.Compact): it holds the writer for seconds per hundred
// megabytes.
const compactEvery = 24 * time.Hour

// maintainLoop removes what abandoned uploads staged and purges the audit
// log past its retention (leaving a keyed checkpoint) at start and every
// hour, and compacts the stores once a day after start, until ctx ends.
func (s *server) maintainLoop(ctx context.Context) {
	t := time.NewTicker(maintainEvery)
	defer t.Stop()
	compacted := time.Now()
	for {
		s.sweepStaged(ctx)
		s.purgeAudit(ctx)
		if time.Since(compacted) >= compactEvery {
			s.compact(ctx)
			compacted = time.Now()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// purgeAudit runs the audit log's retention purge, if it has one.
func (s *server) purgeAudit(ctx context.Context) {
	p, ok := s.cfg.Audit.(interface {
		Purge(ctx context.Context, now time.Time) (int, error)
	})
	if !ok {
		return
	}
	n, err := p.Purge(ctx, time.Now())
	switch {
	case err != nil && ctx.Err() == nil:
		s.log.Error("server: audit purge failed", "error", err.Error())
	case n > 0:
		s.log.Info("server: audit entries past the retention purged", "entries", n)
	}
}

// compact rewrites the stores that can be compacted.
func (s *server) compact(ctx context.Context) {
	for _, st := range []any{s.cfg.Store, s.cfg.Keys} {
		c, ok := st.(interface{ Compact(context.Context) error })
		if !ok {
			continue
		}
		if err := c.Compact(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("server: compacting a store failed", "error", err.Error())
		}
	}
}
