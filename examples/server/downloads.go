package main

import (
	"crypto/rand"
	"sync"
	"time"
)

// downloadTTL is how long a built report waits for its one download.
const downloadTTL = time.Hour

// download is a built report waiting for its one download.
type download struct {
	tenant      string
	body        []byte // nil once taken or expired
	contentType string
	filename    string
	expires     time.Time
}

// downloads keeps built reports until their one download, in memory only
// (a restart logs every seller out anyway), then keeps a tombstone until
// the report would have expired, so that a second download gets 410 Gone.
// It is safe for concurrent use.
type downloads struct {
	mu sync.Mutex
	m  map[string]*download
}

func newDownloads() *downloads { return &downloads{m: make(map[string]*download)} }

// put stores a report and returns its id: 26 characters from crypto/rand,
// not guessable, and only its tenant may take it anyway.
func (d *downloads) put(tenant string, body []byte, contentType, filename string) string {
	id := rand.Text()
	now := time.Now()
	d.mu.Lock()
	defer d.mu.Unlock()
	d.sweep(now)
	d.m[id] = &download{tenant: tenant, body: body, contentType: contentType,
		filename: filename, expires: now.Add(downloadTTL)}
	return id
}

// take hands out a report once. found is false for an id unknown to this
// tenant; a found report with a nil body was downloaded or expired.
func (d *downloads) take(tenant, id string) (dl download, found bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	e, ok := d.m[id]
	if !ok || e.tenant != tenant {
		return download{}, false
	}
	dl = *e
	e.body = nil
	if time.Now().After(e.expires) {
		clear(dl.body)
		dl.body = nil
	}
	return dl, true
}

// sweep forgets tombstones and reports past their expiry.
func (d *downloads) sweep(now time.Time) {
	for id, e := range d.m {
		if now.After(e.expires) {
			clear(e.body)
			delete(d.m, id)
		}
	}
}

// dropTenant wipes every report of an erased tenant.
func (d *downloads) dropTenant(tenant string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for id, e := range d.m {
		if e.tenant == tenant {
			clear(e.body)
			delete(d.m, id)
		}
	}
}

// wipe clears every report (at shutdown).
func (d *downloads) wipe() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for id, e := range d.m {
		clear(e.body)
		delete(d.m, id)
	}
}

// waiting counts reports built and not yet downloaded.
func (d *downloads) waiting() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for _, e := range d.m {
		if e.body != nil {
			n++
		}
	}
	return n
}
