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

// A server keeps sessions in a Manager: the token goes into a cookie, and
// every request looks its session up; idle and expired sessions are wiped.
func ExampleManager() {
	ctx := context.Background()
	v, err := vault.New(vault.Config{Params: vault.Floor, MaxDerivations: 2})
	if err != nil {
		log.Fatal(err)
	}
	m := vault.NewManager(v, vault.ManagerConfig{}) // 15 min idle, 8 h at most
	defer m.Close()
	if err := v.Enroll(ctx, "tenant-7", "seller@example.com", []byte("copper kettle sings at 6")); err != nil {
		log.Fatal(err)
	}

	tok, err := m.Login(ctx, "tenant-7", "seller@example.com", []byte("copper kettle sings at 6"))
	if err != nil {
		log.Fatal(err)
	}
	cookie := tok.Value() // set as an HttpOnly, Secure, SameSite=Strict cookie
	fmt.Println(tok, len(cookie))

	s, err := m.Session(cookie)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Tenant())

	m.Logout(cookie)
	_, err = m.Session(cookie)
	fmt.Println(err)
	// Output:
	// [redacted] 26
	// tenant-7
	// vault: no such session
}
