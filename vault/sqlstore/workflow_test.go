package sqlstore_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore"
)

// personal values the workflow stores; none may appear in any column.
var personal = []string{"Erika Mustermann", "Heidestraße 17, 51147 Köln", "erika.mustermann@example.org", "DE136308783", "1234.56"}

const (
	login    = "seller@example.org"
	password = "Quartz-Lantern-7-Meadow"
	newPass  = "Vivid-Pelican-Orbit-93"
)

// TestVaultWorkflow runs enrol → open → seal → password change → open with
// the new password → erase through the vault on every dialect, and checks
// that no personal value, login or password reaches any stored column.
func TestVaultWorkflow(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			s := d.fresh(t)
			ctx := context.Background()
			v, err := vault.New(vault.Config{Store: s, Params: vault.Floor})
			if err != nil {
				t.Fatal(err)
			}
			if err := v.Enroll(ctx, "t-1", login, []byte(password)); err != nil {
				t.Fatal(err)
			}
			sess, err := v.Open(ctx, "t-1", login, []byte(password))
			if err != nil {
				t.Fatal(err)
			}
			content := []byte(fmt.Sprint(personal))
			for i := range 40 {
				r, err := sess.SealIndexed("txn", fmt.Sprintf("r%03d", i), "2026-07", content, fmt.Appendf(nil, "%s/%d", personal[3], i))
				if err != nil {
					t.Fatal(err)
				}
				if err := sess.Put(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
			sess.Close()
			assertNoPersonalData(t, s)

			if err := v.ChangePassword(ctx, "t-1", login, []byte(password), []byte(newPass)); err != nil {
				t.Fatal(err)
			}
			sess, err = v.Open(ctx, "t-1", login, []byte(newPass))
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for r, err := range sess.Records(ctx, vault.Query{Kind: "txn"}) {
				if err != nil {
					t.Fatal(err)
				}
				got, err := sess.Open(r)
				if err != nil || !bytes.Equal(got, content) {
					t.Fatalf("record %s after password change: %v", r.ID, err)
				}
				n++
			}
			if n != 40 {
				t.Fatalf("read %d records after password change, want 40", n)
			}
			sess.Close()
			assertNoPersonalData(t, s)

			if err := v.Erase(ctx, "t-1"); err != nil {
				t.Fatal(err)
			}
			var left int
			if err := s.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM vatkit_records").Scan(&left); err != nil || left != 0 {
				t.Fatalf("records after erase: %d, %v", left, err)
			}
		})
	}
}

// assertNoPersonalData reads every column of every row of the store's
// tables as bytes and looks for the personal values, the login and the
// password.
func assertNoPersonalData(t *testing.T, s *sqlstore.Store) {
	t.Helper()
	needles := append([]string{login, password, newPass}, personal...)
	for _, table := range allTables {
		rows, err := s.DB().Query("SELECT * FROM " + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				cell := fmt.Sprint(v)
				if b, ok := v.([]byte); ok {
					cell = string(b)
				}
				for _, p := range needles {
					if bytes.Contains([]byte(cell), []byte(p)) {
						t.Fatalf("%s.%s holds personal data", table, cols[i])
					}
				}
			}
		}
		rows.Close()
	}
}
