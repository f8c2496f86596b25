package vault

import (
	"bytes"
	"errors"
	"testing"
)

func TestSealOpenRoundTrip(t *testing.T) {
	_, s := enrolled(t, nil)
	tests := []struct {
		name, kind, id, period string
		content, value         []byte
	}{
		{"plain", "txn", "r1", "2026-07", []byte("Jürgen Müller, 12 Rue X, 1234.56 EUR"), nil},
		{"empty content", "txn", "r2", "", nil, nil},
		{"indexed", "txn", "r3", "2026-12", []byte("content"), []byte("AMZ-ORDER-1")},
		{"indexed empty value", "txn", "r4", "2026-01", []byte("content"), []byte{}},
		{"large", "blob", "r5", "", bytes.Repeat([]byte{0xA5}, 1<<16), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := s.SealIndexed(tc.kind, tc.id, tc.period, tc.content, tc.value)
			if err != nil {
				t.Fatal(err)
			}
			if len(tc.content) > 4 && bytes.Contains(r.Sealed, tc.content) {
				t.Fatal("content appears in clear in the sealed bytes")
			}
			got, err := s.Open(r)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if !bytes.Equal(got, tc.content) {
				t.Fatalf("Open = %q, want %q", got, tc.content)
			}
			if (tc.value == nil) != (r.Index == nil) || (r.Index != nil && len(r.Index) != IndexSize) {
				t.Fatalf("Index = %x for value %q", r.Index, tc.value)
			}
		})
	}
}

func TestSealRefusesBadNames(t *testing.T) {
	_, s := enrolled(t, nil)
	long := string(bytes.Repeat([]byte("k"), maxName+1))
	tests := []struct{ name, kind, id, period string }{
		{"empty kind", "", "1", ""},
		{"empty id", "txn", "", ""},
		{"long kind", long, "1", ""},
		{"long id", "txn", long, ""},
		{"period without dash", "txn", "1", "2026007"},
		{"period month 13", "txn", "1", "2026-13"},
		{"period month 00", "txn", "1", "2026-00"},
		{"period with letters", "txn", "1", "20x6-01"},
		{"period too long", "txn", "1", "2026-011"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.Seal(tc.kind, tc.id, tc.period, []byte("x")); !errors.Is(err, ErrInvalidName) {
				t.Fatalf("Seal err = %v, want ErrInvalidName", err)
			}
		})
	}
}

// TestOpenRefusesTampering covers the attacks on stored records: each must
// give ErrCannotOpen, never other plaintext, never a panic.
func TestOpenRefusesTampering(t *testing.T) {
	v, s := enrolled(t, nil)
	content := []byte("VAT DE123456789, 1234.56 EUR")
	good, err := s.SealIndexed("txn", "r1", "2026-07", content, []byte("AMZ-1"))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := s.Seal("txn", "r2", "2026-07", []byte("another record"))

	// The same login and password enrolled as another tenant gives another
	// key (another salt): its records must not open here.
	if err := v.Enroll(t.Context(), "t2", testLogin, []byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	s2, err := v.Open(t.Context(), "t2", testLogin, []byte(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	foreign, _ := s2.SealIndexed("txn", "r1", "2026-07", content, []byte("AMZ-1"))

	mod := func(f func(r *Record)) Record {
		r := good
		r.Sealed = bytes.Clone(good.Sealed)
		r.Index = bytes.Clone(good.Index)
		f(&r)
		return r
	}
	tests := []struct {
		name string
		r    Record
	}{
		{"swapped id", mod(func(r *Record) { r.ID = "r2" })},
		{"other kind", mod(func(r *Record) { r.Kind = "evidence" })},
		{"other period", mod(func(r *Record) { r.Period = "2026-08" })},
		{"no period", mod(func(r *Record) { r.Period = "" })},
		{"moved to another tenant's row", mod(func(r *Record) { r.Tenant = "t2" })},
		{"other tenant's ciphertext in our row", mod(func(r *Record) { r.Sealed = foreign.Sealed; r.Index = foreign.Index })},
		{"other record's ciphertext", mod(func(r *Record) { r.Sealed = other.Sealed })},
		{"version byte changed", mod(func(r *Record) { r.Sealed[0] = 2 })},
		{"generation relabelled", mod(func(r *Record) { r.Sealed[4] = 2 })},
		{"nonce reused from another record", mod(func(r *Record) { copy(r.Sealed[headerSize:], other.Sealed[headerSize:headerSize+nonceSize]) })},
		{"index stripped", mod(func(r *Record) { r.Index = nil })},
		{"index replaced", mod(func(r *Record) { r.Index[0] ^= 1 })},
		{"index added to unindexed record", Record{Tenant: other.Tenant, Kind: other.Kind, ID: other.ID, Period: other.Period, Sealed: other.Sealed, Index: good.Index}},
		{"empty", mod(func(r *Record) { r.Sealed = nil })},
		{"appended byte", mod(func(r *Record) { r.Sealed = append(r.Sealed, 0) })},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Open(tc.r)
			if !errors.Is(err, ErrCannotOpen) || got != nil {
				t.Fatalf("Open = %q, %v; want nil, ErrCannotOpen", got, err)
			}
		})
	}
	t.Run("every truncation", func(t *testing.T) {
		for n := range len(good.Sealed) {
			if _, err := s.Open(mod(func(r *Record) { r.Sealed = r.Sealed[:n] })); !errors.Is(err, ErrCannotOpen) {
				t.Fatalf("truncated to %d: err = %v", n, err)
			}
		}
	})
	t.Run("every bit flip", func(t *testing.T) {
		for i := range len(good.Sealed) * 8 {
			r := mod(func(r *Record) { r.Sealed[i/8] ^= 1 << (i % 8) })
			if _, err := s.Open(r); !errors.Is(err, ErrCannotOpen) {
				t.Fatalf("bit %d flipped: err = %v", i, err)
			}
		}
	})
	if got, err := s.Open(good); err != nil || !bytes.Equal(got, content) {
		t.Fatalf("the untouched record no longer opens: %v", err)
	}
}

func TestNoncesAreFresh(t *testing.T) {
	_, s := enrolled(t, nil)
	seen := make(map[string]bool)
	for range 10000 {
		r, err := s.Seal("txn", "same-id", "", []byte("same content"))
		if err != nil {
			t.Fatal(err)
		}
		n := string(r.Sealed[headerSize : headerSize+nonceSize])
		if seen[n] {
			t.Fatal("a nonce repeated across seals of the same record")
		}
		seen[n] = true
	}
}

func TestBlindIndex(t *testing.T) {
	v, s := enrolled(t, nil)
	a1, _ := s.BlindIndex("txn", []byte("AMZ-1"))
	a2, _ := s.BlindIndex("txn", []byte("AMZ-1"))
	b, _ := s.BlindIndex("txn", []byte("AMZ-2"))
	k, _ := s.BlindIndex("vies", []byte("AMZ-1"))
	if !bytes.Equal(a1, a2) || len(a1) != IndexSize {
		t.Fatalf("index not deterministic or wrong size: %x %x", a1, a2)
	}
	if bytes.Equal(a1, b) || bytes.Equal(a1, k) {
		t.Fatal("different values or kinds gave the same token")
	}
	if err := v.Enroll(t.Context(), "t2", testLogin, []byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	s2, _ := v.Open(t.Context(), "t2", testLogin, []byte(testPassword))
	defer s2.Close()
	if x, _ := s2.BlindIndex("txn", []byte("AMZ-1")); bytes.Equal(x, a1) {
		t.Fatal("two tenants share index tokens")
	}

	ctx := t.Context()
	for i, id := range []string{"AMZ-1", "AMZ-2", "AMZ-3"} {
		r, _ := s.SealIndexed("txn", string(rune('a'+i)), "2026-07", []byte("row "+id), []byte(id))
		if err := s.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	r, content, err := s.Find(ctx, "txn", []byte("AMZ-2"))
	if err != nil || r.ID != "b" || string(content) != "row AMZ-2" {
		t.Fatalf("Find = %s %q %v, want b", r.ID, content, err)
	}
	if _, _, err := s.Find(ctx, "txn", []byte("AMZ-9")); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Find of a value never stored: err = %v, want ErrNotFound", err)
	}
}
