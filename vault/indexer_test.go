package vault

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"sync"
	"testing"
	"time"
)

// TestIndexerIsHMAC checks the pooled, wipeable HMAC against crypto/hmac
// (RFC 2104) for kinds and values of several lengths, from several
// goroutines at once.
func TestIndexerIsHMAC(t *testing.T) {
	key := bytes.Repeat([]byte{0xa5}, 32)
	x := newIndexer(key)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for n := range 200 {
				kind := string(bytes.Repeat([]byte{'k'}, n%7+1))
				v := bytes.Repeat([]byte{byte(g), byte(n)}, n)
				m := hmac.New(sha256.New, key)
				m.Write([]byte{byte(len(kind) >> 8), byte(len(kind))})
				m.Write([]byte(kind))
				m.Write(v)
				if got, want := x.token(nil, kind, v), m.Sum(nil); !bytes.Equal(got, want) {
					t.Errorf("token(%q, %d bytes) = %x, want %x", kind, len(v), got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestIndexerWipe(t *testing.T) {
	x := newIndexer(bytes.Repeat([]byte{1}, 32))
	inner, outer := x.inner, x.outer
	x.wipe()
	if !bytes.Equal(inner, make([]byte, len(inner))) || !bytes.Equal(outer, make([]byte, len(outer))) {
		t.Fatal("wipe left key state bytes behind")
	}
	defer func() {
		if recover() == nil {
			t.Fatal("token after wipe did not panic")
		}
	}()
	x.token(nil, "txn", []byte("v"))
}

func TestUploadRecordIDsSortInOrder(t *testing.T) {
	up := NewUploadID()
	prev := ""
	for _, n := range []int{0, 1, 9, 10, 15, 16, 255, 256, 4095, 1 << 20, 1<<32 - 1} {
		id := UploadRecordID(up, n)
		if id <= prev || len(id) != len(up)+9 {
			t.Fatalf("UploadRecordID(%d) = %q, after %q", n, id, prev)
		}
		prev = id
	}
	if got, ok := UploadTime(up); !ok || time.Since(got) > time.Minute || time.Since(got) < 0 {
		t.Fatalf("UploadTime(%q) = %v, %v", up, got, ok)
	}
}
