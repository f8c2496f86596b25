package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"testing"

	"github.com/vatkit/vatkit/internal/gen"
	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
)

// newSession enrols a tenant in a vault over store with the lowest
// Argon2id parameters vault allows, and opens a session.
func newSession(t testing.TB, store vault.Store) *vault.Session {
	t.Helper()
	v, err := vault.New(vault.Config{Store: store, Params: vault.Floor})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const login, password = "seller@example.com", "correct horse battery staple 9"
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

// TestPipeline: a file is stored sealed, once; uploading it again, or a
// longer report that overlaps it, stores only the new lines; what is
// stored opens to what the reader read, and the store's clear fields hold
// no personal data.
func TestPipeline(t *testing.T) {
	ctx := context.Background()
	store := &vault.MemoryStore{}
	s := newSession(t, store)
	p := &Pipeline{Vault: s, BatchSize: 50}
	file := func(rows int) []byte {
		var b bytes.Buffer
		if _, err := gen.VTR(&b, gen.VTRConfig{Rows: rows, Seed: 9, DuplicateEvery: 11}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	first, err := p.Ingest(ctx, bytes.NewReader(file(300)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if first.Stored != first.Accepted || first.Known != 0 || first.Rows != 300 || first.Duplicates == 0 || first.Format != AmazonVTR {
		t.Fatalf("first upload %+v", first)
	}
	again, err := p.Ingest(ctx, bytes.NewReader(file(300)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if again.Stored != 0 || again.Known != first.Stored || again.Accepted != 0 || again.Accepted+again.Duplicates+again.Rejected != again.Rows {
		t.Fatalf("same file again %+v", again)
	}
	longer, err := p.Ingest(ctx, bytes.NewReader(file(400)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if longer.Known != first.Stored || longer.Stored == 0 || longer.Stored+longer.Known != longer.Summary.Accepted+longer.Known {
		t.Fatalf("overlapping file %+v", longer)
	}

	// Every record opens to a transaction the reader produces from the file.
	rd, err := Open(bytes.NewReader(file(400)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Row{}
	for row, err := range rd.All() {
		if err != nil {
			t.Fatal(err)
		}
		want[string(row.Key)] = row
	}
	n := 0
	for r, err := range s.Records(ctx, vault.Query{Kind: "txn"}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		content, err := s.Open(r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeStored(content)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(r.Sealed, []byte(got.Tx.SourceID)) || r.Upload == "" || !strings.HasPrefix(r.ID, r.Upload+"-") || r.Period != got.Tx.TaxPoint.Format("2006-01") {
			t.Fatalf("record %s/%s period %s leaks or is mislabelled", r.Kind, r.ID, r.Period)
		}
		if !matchesOne(want, got) {
			t.Fatalf("stored transaction %+v not among those read", got.Tx)
		}
	}
	if n != first.Stored+longer.Stored || n != len(want) {
		t.Errorf("%d records, want %d (= %d read)", n, first.Stored+longer.Stored, len(want))
	}
}

// matchesOne reports whether got is one of the rows read (compared by
// source id, kind, line and gross).
func matchesOne(want map[string]Row, got Stored) bool {
	for _, w := range want {
		if w.Tx.SourceID == got.Tx.SourceID && w.Tx.Kind == got.Tx.Kind && w.Tx.Line == got.Tx.Line &&
			w.Tx.Gross.Equal(got.Tx.Gross) && w.Tx.ShipTo == got.Tx.ShipTo && w.Review == got.Review {
			return true
		}
	}
	return false
}

// TestPipelineStore: rows from a stream are stored like a file's, as one
// upload; a row error counts as rejected and the rest go on; an error that
// ends the stream leaves nothing of it stored.
func TestPipelineStore(t *testing.T) {
	ctx := context.Background()
	p := &Pipeline{Vault: newSession(t, &vault.MemoryStore{}), BatchSize: 4}
	row := func(i int) Row {
		tx := vat.Transaction{Source: "api", SourceID: fmt.Sprint(i), Kind: vat.KindSale, Currency: "EUR"}
		return Row{Tx: tx, Key: DedupKey(&tx)}
	}
	stop := errors.New("connection cut")
	stream := func(n int, end error) iter.Seq2[Row, error] {
		return func(yield func(Row, error) bool) {
			for i := range n {
				if i == 3 && !yield(Row{}, &RowError{Source: "api", Line: 4, Reason: "no amount"}) {
					return
				}
				if !yield(row(i), nil) {
					return
				}
			}
			if end != nil {
				yield(Row{}, end)
			}
		}
	}
	res, err := p.Store(ctx, PayPal, stream(10, stop))
	if !errors.Is(err, stop) || res.Stored != 0 || res.Rejected != 1 || res.Rows != 11 || res.Upload != "" {
		t.Fatalf("first stream: %+v stored %d, upload %q, err %v", res.Summary, res.Stored, res.Upload, err)
	}
	res, err = p.Store(ctx, PayPal, stream(10, nil))
	if err != nil || res.Stored != 10 || res.Accepted != 10 || res.Rejected != 1 || res.Upload == "" {
		t.Fatalf("second stream: %+v stored %d, err %v", res.Summary, res.Stored, err)
	}
	res, err = p.Store(ctx, PayPal, stream(12, nil))
	if err != nil || res.Stored != 2 || res.Duplicates != 10 || res.Accepted != 2 || res.Rejected != 1 {
		t.Fatalf("third stream: %+v stored %d, err %v", res.Summary, res.Stored, err)
	}
	if res.Accepted+res.Duplicates+res.Rejected != res.Rows {
		t.Fatalf("accepted + duplicates + rejected != rows: %+v", res.Summary)
	}
}
