package report_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
)

// Load reads back what the ingest pipeline stored, ordered by tax point
// (the records come back in the order of their random ids), with the
// reader's review reasons beside each transaction, from records in the
// binary form and in the JSON form of earlier versions alike. 30 copies of
// E4 make enough records for Load to decode on several goroutines.
func TestLoad(t *testing.T) {
	ctx := context.Background()
	s, _ := session(t)
	const kind = "load-test"
	var txs []vat.Transaction
	for c := range 30 {
		for _, tx := range e4() {
			tx.SourceID = fmt.Sprint(tx.SourceID, "-", c)
			txs = append(txs, tx)
		}
	}
	for i, tx := range txs {
		stored := ingest.Stored{Tx: tx, Review: fmt.Sprint("review ", tx.SourceID)}
		content := ingest.AppendStored(nil, &stored)
		if i%2 == 0 {
			content, _ = json.Marshal(stored)
		}
		rec, err := s.Seal(kind, fmt.Sprintf("%04d", len(txs)-i), "", content)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Put(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	got, err := report.Load(ctx, s, report.FromKind(kind))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Txs) != len(txs) || len(got.Reviews) != len(txs) {
		t.Fatalf("loaded %d transactions, %d reviews", len(got.Txs), len(got.Reviews))
	}
	for i := range got.Txs {
		if i > 0 && got.Txs[i].TaxPoint.Before(got.Txs[i-1].TaxPoint) {
			t.Errorf("not in tax-point order at %d", i)
		}
		if got.Reviews[i] != "review "+got.Txs[i].SourceID {
			t.Errorf("review %q beside %s", got.Reviews[i], got.Txs[i].SourceID)
		}
	}
	b := report.OSS{Seller: e4Seller()}
	r, err := b.Build(ctx, period("2025-Q3"), got.Txs, nil)
	if err != nil || !r.Total.Equal(dec("14730")) { // 30 × 491.00
		t.Errorf("return from loaded transactions: %v, %v", r, err)
	}
}

// FuzzLoad: whatever bytes a record holds, Load returns a transaction or
// an error naming the record, never a panic and never the bytes.
func FuzzLoad(f *testing.F) {
	good := ingest.Stored{Tx: vat.Transaction{Source: "x", Currency: "EUR"}}
	old, _ := json.Marshal(good)
	f.Add(old)
	f.Add(ingest.AppendStored(nil, &good))
	f.Add([]byte(`{"tx":{"TaxPoint":"not a time"}}`))
	f.Add([]byte(`{"tx":{"Net":"1e999999999"}}`))
	f.Add([]byte("secret-buyer-name"))
	s, _ := session(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, content []byte) {
		rec, err := s.Seal("fuzz", "1", "", content)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Put(ctx, rec); err != nil {
			t.Fatal(err)
		}
		got, err := report.Load(ctx, s, report.FromKind("fuzz"))
		if err != nil {
			if len(content) > 3 && strings.Contains(err.Error(), string(content)) {
				t.Fatalf("the error holds the record's contents: %v", err)
			}
			return
		}
		if len(got.Txs) != 1 {
			t.Fatalf("%d transactions from one record", len(got.Txs))
		}
	})
}

// TestLoadKinds: by default Load reads what the pipeline stores
// (ingest.TxnKind) and nothing else; FromKind reads another kind.
func TestLoadKinds(t *testing.T) {
	ctx := context.Background()
	s, _ := session(t)
	for i, kind := range []string{ingest.TxnKind, ingest.TxnKind, "imported", "vies"} {
		stored := ingest.Stored{Tx: vat.Transaction{Source: kind, SourceID: fmt.Sprint(i), Currency: "EUR"}}
		rec, err := s.Seal(kind, fmt.Sprint(i), "", ingest.AppendStored(nil, &stored))
		require.NoError(t, err)
		require.NoError(t, s.Put(ctx, rec))
	}
	got, err := report.Load(ctx, s)
	require.NoError(t, err)
	assert.Len(t, got.Txs, 2)
	got, err = report.Load(ctx, s, report.FromKind("imported"))
	require.NoError(t, err)
	require.Len(t, got.Txs, 1)
	assert.Equal(t, "imported", got.Txs[0].Source)
}
