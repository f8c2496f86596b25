package vault

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"
)

// Each benchmark runs the vault's operation beside its floor: the same
// work done by the bare standard library (or x/crypto) in the same run.

func bareAEAD(b *testing.B) cipher.AEAD {
	key := make([]byte, 32)
	rand.Read(key)
	block, err := aes.NewCipher(key)
	if err != nil {
		b.Fatal(err)
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		b.Fatal(err)
	}
	return aead
}

func BenchmarkSeal200(b *testing.B) {
	_, s := enrolled(b, nil)
	content := bytes.Repeat([]byte("x"), 200)
	b.Run("vault", func(b *testing.B) {
		b.SetBytes(int64(len(content)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Seal("txn", "AMZ-302-000001", "2026-07", content); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor/cipher.AEAD", func(b *testing.B) {
		aead := bareAEAD(b)
		aad := recordAAD(nil, "t1", "txn", "AMZ-302-000001", "2026-07", 1)
		b.SetBytes(int64(len(content)))
		b.ReportAllocs()
		for b.Loop() {
			aead.Seal(nil, nil, content, aad)
		}
	})
}

func BenchmarkOpen200(b *testing.B) {
	_, s := enrolled(b, nil)
	content := bytes.Repeat([]byte("x"), 200)
	r, _ := s.Seal("txn", "AMZ-302-000001", "2026-07", content)
	b.Run("vault", func(b *testing.B) {
		b.SetBytes(int64(len(content)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Open(r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor/cipher.AEAD", func(b *testing.B) {
		aead := bareAEAD(b)
		aad := recordAAD(nil, "t1", "txn", "AMZ-302-000001", "2026-07", 1)
		sealed := aead.Seal(nil, nil, content, aad)
		b.SetBytes(int64(len(content)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := aead.Open(nil, nil, sealed, aad); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDerive measures one login's key derivation at DefaultParams
// (64 MiB, t=3, p=4).
func BenchmarkDerive(b *testing.B) {
	v, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	salt := make([]byte, saltSize)
	st := KeyState{Generation: 1, Salt: salt, Params: DefaultParams}
	login := NormalizeLogin(testLogin)
	b.Run("vault/default", func(b *testing.B) {
		b.ReportAllocs()
		start := time.Now()
		for b.Loop() {
			ks, _, err := v.derive(b.Context(), "t1", login, []byte(testPassword), st)
			if err != nil {
				b.Fatal(err)
			}
			ks.wipe()
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/login")
	})
	b.Run("floor/argon2.IDKey", func(b *testing.B) {
		p := DefaultParams
		start := time.Now()
		for b.Loop() {
			argon2.IDKey([]byte(testPassword), salt, p.Time, p.MemoryKiB, p.Threads, keySize)
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/login")
	})
}

// BenchmarkChangePassword100k re-seals 100,000 records of 200 bytes in a
// MemoryStore. "vault/default-params" includes the derivations at
// DefaultParams (old and new password, about 2 × the Derive figure);
// "vault/tiny-params" shows the streamed re-sealing alone. The floor opens
// and seals the same records with a bare cipher.AEAD, in memory, without a
// store.
func BenchmarkChangePassword100k(b *testing.B) {
	const n = 100_000
	content := bytes.Repeat([]byte("x"), 200)
	for _, params := range []struct {
		name string
		p    Params
	}{{"default-params", DefaultParams}, {"tiny-params", testParams}} {
		b.Run("vault/"+params.name, func(b *testing.B) {
			v := filledVault(b, params.p, n, content)
			pw := [2][]byte{[]byte(testPassword), []byte(newPassword)}
			i := 0
			start := time.Now()
			for b.Loop() {
				if err := v.ChangePassword(b.Context(), "t1", testLogin, pw[i%2], pw[(i+1)%2]); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "records/s")
		})
	}
	b.Run("floor/cipher.AEAD", func(b *testing.B) {
		oldAEAD, newAEAD := bareAEAD(b), bareAEAD(b)
		aad := recordAAD(nil, "t1", "txn", "00000000", "2026-07", 1)
		recs := make([][]byte, n)
		for i := range recs {
			recs[i] = oldAEAD.Seal(nil, nil, content, aad)
		}
		start := time.Now()
		for b.Loop() {
			for i, r := range recs {
				pt, err := oldAEAD.Open(nil, nil, r, aad)
				if err != nil {
					b.Fatal(err)
				}
				recs[i] = newAEAD.Seal(nil, nil, pt, aad)
			}
			oldAEAD, newAEAD = newAEAD, oldAEAD
		}
		b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "records/s")
	})
}

// filledVault returns a vault whose tenant t1 (password testPassword) has
// n records of content.
func filledVault(b *testing.B, p Params, n int, content []byte) *Vault {
	b.Helper()
	v, err := New(testConfig(Config{Params: p}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	if err := v.Enroll(ctx, "t1", testLogin, []byte(testPassword)); err != nil {
		b.Fatal(err)
	}
	s, err := v.Open(ctx, "t1", testLogin, []byte(testPassword))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for i := range n {
		r, _ := s.Seal("txn", fmt.Sprintf("%08d", i), "2026-07", content)
		if err := s.Put(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
	return v
}
