package vault_test

import (
	"context"
	"fmt"
	"log"

	"github.com/vatkit/vatkit/vault"
)

// Enrol a seller, log in, seal and store a record, read it back, log out.
// This runs at the default Argon2id parameters (64 MiB, t=3, p=4).
func Example() {
	ctx := context.Background()
	v, err := vault.New(vault.Config{Store: new(vault.MemoryStore)})
	if err != nil {
		log.Fatal(err)
	}
	// The tenant id is opaque; login and password are only ever inputs to
	// the key derivation.
	err = v.Enroll(ctx, "tenant-42", "maria.rossi@example.it", []byte("plum harbour violin 42"))
	if err != nil {
		log.Fatal(err)
	}

	s, err := v.Open(ctx, "tenant-42", "Maria.Rossi@example.it", []byte("plum harbour violin 42"))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close() // wipes the keys

	rec, err := s.Seal("txn", "0001", "2026-07", []byte(`{"buyer":"Jürgen Müller","total":"119.00"}`))
	if err != nil {
		log.Fatal(err)
	}
	if err := s.Put(ctx, rec); err != nil {
		log.Fatal(err)
	}
	content, err := s.Get(ctx, "txn", "0001")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(content))
	fmt.Println(s) // secrets never print

	_, err = v.Open(ctx, "tenant-42", "maria.rossi@example.it", []byte("wrong password!"))
	fmt.Println(err)
	// Output:
	// {"buyer":"Jürgen Müller","total":"119.00"}
	// [redacted]
	// vault: wrong login or password
}
