package paypal_test

import (
	"context"
	"errors"
	"testing"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/ingest/paypal"
	"github.com/vatkit/vatkit/ingest/paypal/paypaltest"
	"github.com/vatkit/vatkit/vault"
)

// TestIngest: a pull stores every transaction sealed; pulling the same year
// again stores nothing new; after a pull that fails half-way, pulling from
// the failed window's start stores exactly the rest.
func TestIngest(t *testing.T) {
	ctx := context.Background()
	txs, want := paypaltest.Generate(2000, jan1, dec, 5)
	total := want.Sales + want.Refunds + want.Other

	broken := paypaltest.New(paypaltest.Config{Transactions: txs, MalformedSearch: 9})
	defer broken.Close()
	cfg := clientConfig(broken)
	cfg.PageSize = 100
	p := &ingest.Pipeline{Vault: newSession(t), BatchSize: 50}
	first, err := newClient(t, cfg).Ingest(ctx, p, jan1, dec)
	var we *paypal.WindowError
	if !errors.As(err, &we) || first.Stored == 0 || first.Stored >= total {
		t.Fatalf("broken pull: stored %d of %d, err %v", first.Stored, total, err)
	}

	whole := paypaltest.New(paypaltest.Config{Transactions: txs})
	defer whole.Close()
	c := newClient(t, clientConfig(whole))
	rest, err := c.Ingest(ctx, p, we.Start, dec)
	if err != nil {
		t.Fatal(err)
	}
	if first.Stored+rest.Stored != total {
		t.Fatalf("stored %d + %d, want %d", first.Stored, rest.Stored, total)
	}
	again, err := c.Ingest(ctx, p, jan1, dec)
	if err != nil {
		t.Fatal(err)
	}
	if again.Stored != 0 || again.Duplicates != total || again.Rows != total {
		t.Fatalf("second pull: %+v, want nothing stored and %d duplicates", again.Summary, total)
	}
	n := 0
	for range p.Vault.Records(ctx, vault.Query{Kind: "txn"}) {
		n++
	}
	if n != total {
		t.Fatalf("%d records in the vault, want %d", n, total)
	}
}

func newSession(t *testing.T) *vault.Session {
	t.Helper()
	ctx := context.Background()
	v, err := vault.New(vault.Config{Store: &vault.MemoryStore{}, Params: vault.Floor})
	if err != nil {
		t.Fatal(err)
	}
	const login, password = "seller@example.org", "Quartz-Lantern-7-Meadow"
	if err := v.Enroll(ctx, "tenant-1", login, []byte(password)); err != nil {
		t.Fatal(err)
	}
	s, err := v.Open(ctx, "tenant-1", login, []byte(password))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
