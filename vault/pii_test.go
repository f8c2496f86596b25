package vault

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// TestNoPersonalDataEscapes runs a seller's whole life in the vault — enrol,
// failed and successful logins, sealing, lookups, tampering, an interrupted
// password change, export, an interrupted erase — and then scans every log
// line, every audit line, every error message and every clear field of the
// store for the personal values used. None may appear.
func TestNoPersonalDataEscapes(t *testing.T) {
	personal := []string{
		testLogin, "maria.rossi", testPassword, newPassword,
		"Jürgen Müller", "Hauptstraße 12", "10115 Berlin", "DE129273398",
		"j.mueller@example.de", "1234.56", "302-1234567-7654321",
	}
	var logs, auditLines bytes.Buffer
	audit := &MemoryAudit{Mirror: &auditLines}
	cs := &crashStore{Store: new(MemoryStore)}
	v, err := New(testConfig(Config{
		Store:  cs,
		Audit:  audit,
		Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}))
	if err != nil {
		t.Fatal(err)
	}
	m := NewManager(v, ManagerConfig{})
	defer m.Close()
	ctx := t.Context()
	var errs []error
	note := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}

	note(v.Enroll(ctx, "t1", testLogin, []byte("maria.rossi@example.it!")))
	note(v.Enroll(ctx, "t1", testLogin, []byte(testPassword)))
	_, err = m.Login(ctx, "t1", testLogin, []byte(newPassword))
	note(err)
	tok, err := m.Login(ctx, "t1", testLogin, []byte(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := m.Session(tok.Value())
	buyer := "Jürgen Müller, Hauptstraße 12, 10115 Berlin, j.mueller@example.de, VAT DE129273398, total 1234.56 EUR"
	for i := range 12 {
		r, err := s.SealIndexed("txn", fmt.Sprintf("r%02d", i), "2026-07", []byte(buyer), []byte("302-1234567-7654321"+fmt.Sprint(i)))
		note(err)
		note(s.Put(ctx, r))
	}
	_, _, err = s.Find(ctx, "txn", []byte("302-1234567-76543215"))
	note(err)
	_, err = s.Get(ctx, "txn", "missing")
	note(err)
	r, _ := s.Seal("txn", "r99", "2026-07", []byte(buyer))
	r.Sealed[len(r.Sealed)-1] ^= 1
	_, err = s.Open(r)
	note(err)
	note(CheckPassword([]byte("Maria.Rossi2026"), NormalizeLogin(testLogin)))
	var export bytes.Buffer
	_, err = s.Export(ctx, &export)
	note(err)

	cs.every = 5
	note(m.ChangePassword(ctx, tok.Value(), testLogin, []byte(testPassword), []byte(newPassword)))
	cs.every = 0
	_, err = v.Open(ctx, "t1", testLogin, []byte(newPassword))
	note(err)
	note(v.ChangePassword(ctx, "t1", testLogin, []byte(testPassword), []byte(newPassword)))
	tok, err = m.Login(ctx, "t1", testLogin, []byte(newPassword))
	note(err)
	note(fmt.Errorf("printed: %v %+v %#v", tok, s, s))

	// The store's clear fields, before the erase.
	var clear strings.Builder
	meta, _ := cs.Tenant(ctx, "t1")
	fmt.Fprintf(&clear, "%+v\n", meta)
	for r, err := range cs.Records(ctx, Query{Tenant: "t1"}) {
		note(err)
		fmt.Fprintf(&clear, "%s %s %s %s %q\n", r.Tenant, r.Kind, r.ID, r.Period, r.Index)
		for _, p := range personal {
			if bytes.Contains(r.Sealed, []byte(p)) {
				t.Errorf("sealed bytes of %s contain a personal value in clear", r.ID)
			}
		}
	}
	note(m.Erase(ctx, tok.Value()))
	if err := audit.Verify(); err != nil {
		t.Fatal(err)
	}
	if len(errs) < 8 {
		t.Fatalf("only %d errors were produced: the workflow did not exercise the failure paths", len(errs))
	}
	if logs.Len() == 0 || auditLines.Len() == 0 {
		t.Fatal("nothing was logged or audited: the scan would prove nothing")
	}
	if !strings.Contains(export.String(), "content") {
		t.Fatal("export produced nothing")
	}

	var msgs strings.Builder
	for _, err := range errs {
		msgs.WriteString(err.Error() + "\n")
	}
	places := map[string]string{"log": logs.String(), "audit": auditLines.String(), "errors": msgs.String(), "store": clear.String()}
	for where, text := range places {
		for _, p := range personal {
			if strings.Contains(strings.ToLower(text), strings.ToLower(p)) {
				t.Errorf("%s contains the personal value %q:\n%s", where, p, text)
			}
		}
	}
	if !errors.Is(errs[0], ErrWeakPassword) {
		t.Fatalf("first error %v, want the policy refusal", errs[0])
	}
}
