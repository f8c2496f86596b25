package vault

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzOpenRecord feeds arbitrary stored bytes and row fields to
// Session.Open: it must never panic, and must never return content except
// for a record exactly as it was sealed.
func FuzzOpenRecord(f *testing.F) {
	_, s := enrolled(f, nil)
	type sealed struct {
		r       Record
		content []byte
	}
	var valid []sealed
	for _, c := range []struct {
		kind, id, period string
		content, value   []byte
	}{
		{"txn", "r1", "2026-07", []byte("Jürgen Müller 1234.56"), nil},
		{"txn", "r2", "", []byte{}, []byte("AMZ-1")},
		{"evidence", "r1", "2026-12", bytes.Repeat([]byte{0}, 300), []byte{}},
	} {
		r, err := s.SealIndexed(c.kind, c.id, c.period, c.content, c.value)
		if err != nil {
			f.Fatal(err)
		}
		valid = append(valid, sealed{r, c.content})
		f.Add(r.Sealed, r.Kind, r.ID, r.Period, r.Index)
		f.Add(r.Sealed[:len(r.Sealed)-1], r.Kind, r.ID, r.Period, r.Index)
		f.Add(r.Sealed, r.Kind, r.ID+"x", r.Period, r.Index)
	}
	f.Add([]byte{1, 0, 0, 0, 1}, "txn", "r1", "", []byte(nil))
	f.Add([]byte{}, "", "", "", []byte(nil))
	f.Fuzz(func(t *testing.T, data []byte, kind, id, period string, index []byte) {
		r := Record{Tenant: "t1", Kind: kind, ID: id, Period: period, Index: index, Sealed: data}
		got, err := s.Open(r)
		if err != nil {
			if !errors.Is(err, ErrCannotOpen) {
				t.Fatalf("Open error %v is not ErrCannotOpen", err)
			}
			if got != nil {
				t.Fatal("content returned with an error")
			}
			return
		}
		for _, v := range valid {
			if bytes.Equal(data, v.r.Sealed) && kind == v.r.Kind && id == v.r.ID && period == v.r.Period {
				if !bytes.Equal(got, v.content) {
					t.Fatal("a sealed record opened to other content")
				}
				return
			}
		}
		t.Fatalf("bytes that were never sealed opened: %x", data)
	})
}

// FuzzAuditEntry decodes arbitrary bytes as a mirrored audit line (JSON)
// and verifies it as a one-entry chain: no panic, and no forged entry
// verifies unless its hash is the real one.
func FuzzAuditEntry(f *testing.F) {
	var buf bytes.Buffer
	a := &MemoryAudit{Mirror: &buf, Key: testAuditKey}
	if err := a.Append(f.Context(), Event{Time: time.Unix(1, 0), Tenant: "t1", Type: EventLogin, Count: 3}); err != nil {
		f.Fatal(err)
	}
	f.Add(bytes.TrimSpace(buf.Bytes()))
	f.Add([]byte(`{"seq":1,"hash":"zz"}`))
	f.Add([]byte(`{"seq":1,"prev":"00","hash":""}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		var e Entry
		if json.Unmarshal(line, &e) != nil {
			return
		}
		err := VerifyChain(testAuditKey, Checkpoint{}, []Entry{e})
		if err == nil && e.Hash != (chain{key: testAuditKey}).entryMAC(Digest{}, 1, e.Event) {
			t.Fatal("an entry verified with a hash that is not its own")
		}
		if err != nil && !errors.Is(err, ErrChainBroken) {
			t.Fatalf("VerifyChain error %v is not ErrChainBroken", err)
		}
	})
}

// FuzzHeadFile decodes arbitrary bytes as an audit head file: no panic, and
// either a head with a sequence number or an error that quotes nothing.
func FuzzHeadFile(f *testing.F) {
	f.Add([]byte(`{"seq":3,"hash":"` + strings.Repeat("ab", 32) + `"}`))
	f.Add([]byte(`{"seq":0}`))
	f.Add([]byte(`{"seq":1,"hash":"zz"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := parseHead(b)
		if err == nil && l.Seq == 0 {
			t.Fatal("a head without a sequence number was accepted")
		}
		if err != nil && len(b) > 8 && strings.Contains(err.Error(), string(b)) {
			t.Fatal("the error quotes the file")
		}
	})
}
