package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/sqlstore/sqlite"
)

// A vault on an embedded SQLite file: nothing to install, one path to give.
func ExampleOpen() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "vatkit-example")
	defer os.RemoveAll(dir)

	store, err := sqlite.Open(ctx, filepath.Join(dir, "vatkit.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()

	v, _ := vault.New(vault.Config{Store: store, Params: vault.Floor})
	login, password := "seller@example.org", []byte("Quartz-Lantern-7-Meadow")
	if err := v.Enroll(ctx, "tenant-42", login, password); err != nil {
		fmt.Println(err)
		return
	}
	s, err := v.Open(ctx, "tenant-42", login, password)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	r, _ := s.Seal("txn", "0001", "2026-07", []byte("a sale to Erika Mustermann"))
	_ = s.Put(ctx, r)

	stored, _ := store.Record(ctx, "tenant-42", "txn", "0001")
	content, _ := s.Get(ctx, "txn", "0001")
	fmt.Println(stored.Period, len(stored.Sealed) > len(content))
	fmt.Println(string(content))
	// Output:
	// 2026-07 true
	// a sale to Erika Mustermann
}
